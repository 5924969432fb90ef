"""Controllers: level-triggered reconcilers that read and write only through `stead.client`.

`runtime` (worker loop, outcome -> queue action), `manager` (shared informers + controllers in
one TaskGroup), `standard` (the set `stead up` runs), and one package per controller.
"""
