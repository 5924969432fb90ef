"""Testing helpers shipped with stead: a real `stead up` process and kubectl against it."""
