"""Manifests from the seeds' walkthroughs, as users write them."""

WEB = """\
apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: "nginx"
  replicas: 3
  minReadySeconds: 10
  template:
    metadata:
      labels:
        app: nginx
    spec:
      terminationGracePeriodSeconds: 10
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.24
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: "my-storage-class"
      resources:
        requests:
          storage: 1Gi
"""

NO_SELECTOR = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: broken
spec:
  serviceName: nginx
  replicas: -1
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
"""

# One manifest per served kind, as a user writes it (the seeds' objects where they have one).
# Cluster-scoped objects carry names no other e2e module uses: test modules share one server.

KIND_NAMESPACE = """\
apiVersion: v1
kind: Namespace
metadata:
  name: kinds-ns
  labels:
    team: storage
"""

KIND_NODE = """\
apiVersion: v1
kind: Node
metadata:
  name: k8s-master
  labels:
    kubernetes.io/hostname: k8s-master
    node-role.kubernetes.io/control-plane: ""
spec:
  podCIDR: 10.244.0.0/24
status:
  nodeInfo:
    kubeletVersion: v1.37.1
    osImage: Debian GNU/Linux 13 (trixie)
    kernelVersion: 6.12.0
    containerRuntimeVersion: containerd://2.1.0
    operatingSystem: linux
    architecture: amd64
  addresses:
  - type: InternalIP
    address: 192.168.10.2
  - type: Hostname
    address: k8s-master
  capacity:
    cpu: "4"
    memory: 8Gi
    pods: "110"
"""

KIND_POD = """\
apiVersion: v1
kind: Pod
metadata:
  name: myapp
  labels:
    app: myapp-pod
spec:
  containers:
  - name: myapp
    image: ikubernetes/myapp:v1
    ports:
    - containerPort: 80
      name: web
"""

KIND_HEADLESS_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: myapp-headless-service
  labels:
    app: statefulset
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: myapp-pod
"""

KIND_CLUSTER_IP_SERVICE = """\
apiVersion: v1
kind: Service
metadata:
  name: front
spec:
  clusterIP: 10.96.100.20
  ports:
  - port: 80
    targetPort: 8080
    name: http
  selector:
    app: front
"""

KIND_ENDPOINTS = """\
apiVersion: v1
kind: Endpoints
metadata:
  name: front
subsets:
- addresses:
  - ip: 10.244.0.5
  - ip: 10.244.0.6
  ports:
  - port: 8080
    name: http
"""

KIND_ENDPOINT_SLICE = """\
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: front-7vzhx
  labels:
    kubernetes.io/service-name: front
addressType: IPv4
ports:
- name: http
  port: 8080
  protocol: TCP
endpoints:
- addresses: [10.244.0.5]
  conditions:
    ready: true
  nodeName: k8s-master
"""

KIND_PERSISTENT_VOLUME = """\
apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-statefulset-03
  labels:
    release: stable
spec:
  capacity:
    storage: 0.1Gi
  accessModes:
  - ReadWriteOnce
  persistentVolumeReclaimPolicy: Recycle
  hostPath:
    path: /data/pod/volume3
"""

KIND_PERSISTENT_VOLUME_CLAIM = """\
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: myappdata-pvc
spec:
  accessModes: [ "ReadWriteOnce" ]
  storageClassName: local-path
  resources:
    requests:
      storage: 0.05Gi
"""

KIND_STORAGE_CLASS = """\
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: local-path
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
"""

KIND_CONFIG_MAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: fast
  level: "3"
"""

KIND_SECRET = """\
apiVersion: v1
kind: Secret
metadata:
  name: creds
type: Opaque
data:
  password: czNjcmV0
  user: YWRtaW4=
"""

# The two Event manifests are templates: `.format(namespace=...)`, as an event's object must
# live in the event's own namespace.
KIND_CORE_EVENT = """\
apiVersion: v1
kind: Event
metadata:
  name: myapp.17f0c3b1d2a3e4f5
involvedObject:
  apiVersion: v1
  kind: Pod
  name: myapp
  namespace: {namespace}
reason: Scheduled
message: Successfully assigned {namespace}/myapp to k8s-master
type: Normal
source:
  component: default-scheduler
count: 1
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
"""

KIND_EVENTS_V1_EVENT = """\
apiVersion: events.k8s.io/v1
kind: Event
metadata:
  name: myapp.17f0c3b1d2a3e4f6
regarding:
  apiVersion: v1
  kind: Pod
  name: myapp
  namespace: {namespace}
  fieldPath: spec.containers{{myapp}}
reason: Pulled
note: Container image "ikubernetes/myapp:v1" already present on machine
type: Normal
action: Pulling
reportingController: kubelet
reportingInstance: k8s-master
eventTime: "2026-01-01T00:00:01.000000Z"
"""

KIND_LEASE = """\
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: web-leader
spec:
  holderIdentity: web-0
  leaseDurationSeconds: 15
"""

KIND_STATEFUL_SET = """\
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: myapp-statefulset
spec:
  serviceName: myapp-headless-service
  replicas: 2
  selector:
    matchLabels:
      app: myapp-pod
  template:
    metadata:
      labels:
        app: myapp-pod
    spec:
      containers:
      - name: myapp
        image: ikubernetes/myapp:v1
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: myappdata-pvc
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: myappdata-pvc
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 0.05Gi
"""

KIND_CONTROLLER_REVISION = """\
apiVersion: apps/v1
kind: ControllerRevision
metadata:
  name: myapp-statefulset-6d4cf56db6
  labels:
    app: myapp-pod
    controller.kubernetes.io/hash: 6d4cf56db6
data:
  spec:
    template:
      $patch: replace
      metadata:
        labels:
          app: myapp-pod
      spec:
        containers:
        - name: myapp
          image: ikubernetes/myapp:v1
revision: 1
"""
