#!/usr/bin/env python3
"""Deterministic generator for deploy/examples/three-tier/capture.jsonl.

Writes a 10-minute `hubble observe -o json` capture (one GetFlowsResponse per line) of the three-tier shop
described in README.md. Standard library only; the random generator has a fixed seed, so running

    python3 deploy/examples/three-tier/generate_capture.py

rewrites capture.jsonl byte for byte. `--stats` prints the per-story counts (attempts and events) that the
README table is built from; `--check` regenerates in memory and fails if capture.jsonl differs.

The shape follows shared/reference/hubble-api.md (proto JSON names, field order as in flow.proto, enums as
names, uint64 as strings, zero values omitted) and the real fixtures in shared/fixtures/hubble/.
Modelled agent: Cilium 1.18 on a two-worker kind cluster, Hubble via relay, default monitor aggregation
(one trace per new TCP flag per direction), policy correlation on (allowed verdicts carry *_allowed_by).
"""

import argparse
import calendar
import json
import os
import random
import sys
import time
from collections import OrderedDict

SEED = 20261120
START_NS = calendar.timegm((2026, 11, 20, 9, 0, 0)) * 1_000_000_000
END_NS = START_NS + 600 * 1_000_000_000
SEC = 1_000_000_000
MS = 1_000_000
US = 1_000

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "capture.jsonl")

rng = random.Random(SEED)

# --------------------------------------------------------------------------------------------------------------
# Cluster: nodes, namespaces, identities, pods
# --------------------------------------------------------------------------------------------------------------

NODES = {
    "kind-worker": {"revision": "23", "vxlan_ifindex": 4},
    "kind-worker2": {"revision": "21", "vxlan_ifindex": 4},
}


def node_labels(node):
    return [
        "beta.kubernetes.io/arch=amd64",
        "beta.kubernetes.io/os=linux",
        "kubernetes.io/arch=amd64",
        "kubernetes.io/hostname=" + node,
        "kubernetes.io/os=linux",
    ]


# Namespace labels as written in manifests/namespaces.yaml (Cilium copies them into identity labels).
NAMESPACE_LABELS = {
    "production": {
        "kubernetes.io/metadata.name": "production",
        "environment": "production",
        "team": "shop",
        "pod-security.kubernetes.io/enforce": "baseline",
    },
    "kube-system": {"kubernetes.io/metadata.name": "kube-system"},
    "ingress-nginx": {
        "kubernetes.io/metadata.name": "ingress-nginx",
        "app.kubernetes.io/name": "ingress-nginx",
        "app.kubernetes.io/instance": "ingress-nginx",
    },
    "monitoring": {"kubernetes.io/metadata.name": "monitoring", "team": "platform"},
    "reporting": {
        "kubernetes.io/metadata.name": "reporting",
        "environment": "production",
        "team": "finance",
    },
}

# Nightly report: CronJob schedule "5 1 * * *" in America/Los_Angeles = 2026-11-20T09:05:00Z. The Job controller
# names the Job after the scheduled time in minutes since the epoch.
NIGHTLY_SCHEDULED_NS = START_NS + 5 * 60 * SEC
NIGHTLY_JOB = "nightly-report-%d" % (NIGHTLY_SCHEDULED_NS // SEC // 60)
NIGHTLY_JOB_UID = "5f3c9a4e-2b71-4d8e-9c06-7a1e8b3d2f95"

# Security identities (cluster-wide, one per label set). Numbers as a CRD-mode allocator hands them out.
# key -> (identity, namespace, serviceaccount, pod labels)
IDENTITIES = {
    "frontend": (15273, "production", "frontend",
                 {"app": "frontend", "tier": "web", "pod-template-hash": "5c8d7f9b64"}),
    "backend": (52181, "production", "backend",
                {"app": "backend", "tier": "api", "pod-template-hash": "7d9c5b8f6d"}),
    "database": (7318, "production", "database",
                 {"app": "database", "tier": "db",
                  "controller-revision-hash": "database-6f7b9c8d5c",
                  "statefulset.kubernetes.io/pod-name": "database-0",
                  "apps.kubernetes.io/pod-index": "0"}),
    "coredns": (43910, "kube-system", "coredns",
                {"k8s-app": "kube-dns", "pod-template-hash": "668d6bf9bc"}),
    "ingress-nginx": (29044, "ingress-nginx", "ingress-nginx",
                      {"app.kubernetes.io/name": "ingress-nginx",
                       "app.kubernetes.io/component": "controller",
                       "app.kubernetes.io/instance": "ingress-nginx",
                       "app.kubernetes.io/part-of": "ingress-nginx",
                       "pod-template-hash": "6b4c5d7f8c"}),
    "prometheus": (61532, "monitoring", "prometheus-k8s",
                   {"app.kubernetes.io/name": "prometheus",
                    "app.kubernetes.io/component": "prometheus",
                    "app.kubernetes.io/instance": "k8s",
                    "controller-revision-hash": "prometheus-k8s-7f8b6d9c44",
                    "statefulset.kubernetes.io/pod-name": "prometheus-k8s-0",
                    "apps.kubernetes.io/pod-index": "0"}),
    "nightly-report": (38476, "reporting", "nightly-report",
                       {"app": "nightly-report",
                        "batch.kubernetes.io/controller-uid": NIGHTLY_JOB_UID,
                        "batch.kubernetes.io/job-name": NIGHTLY_JOB,
                        "controller-uid": NIGHTLY_JOB_UID,
                        "job-name": NIGHTLY_JOB}),
    "report-api": (20519, "reporting", "report-api",
                   {"app": "report-api", "pod-template-hash": "7b9f6c5d48"}),
}


def identity_labels(key):
    _, ns, sa, pod_labels = IDENTITIES[key]
    labels = ["k8s:%s=%s" % kv for kv in pod_labels.items()]
    labels += ["k8s:io.cilium.k8s.namespace.labels.%s=%s" % kv for kv in NAMESPACE_LABELS[ns].items()]
    labels += [
        "k8s:io.cilium.k8s.policy.cluster=default",
        "k8s:io.cilium.k8s.policy.serviceaccount=" + sa,
        "k8s:io.kubernetes.pod.namespace=" + ns,
    ]
    return sorted(labels)


def mac():
    b = [rng.randrange(256) for _ in range(6)]
    b[0] = (b[0] & 0xFC) | 0x02  # locally administered unicast, like veth MACs
    return ":".join("%02x" % x for x in b)


class Pod:
    def __init__(self, name, ident, node, ip, ep_id, workload, ifindex):
        self.name = name
        self.ident = ident
        self.identity = IDENTITIES[ident][0]
        self.namespace = IDENTITIES[ident][1]
        self.labels = identity_labels(ident)
        self.node = node
        self.ip = ip
        self.ep_id = ep_id
        self.workload = workload  # (name, kind)
        self.mac = mac()
        self.lxc_mac = mac()
        self.lxc = {"index": ifindex, "name": "lxc%012x" % rng.getrandbits(48)}

    def endpoint(self, observer_node):
        """Endpoint as the agent on observer_node reports it: local endpoints carry ID and workloads;
        remote ones are resolved through the ipcache (identity, namespace, pod name) without them."""
        ep = OrderedDict()
        local = observer_node == self.node
        if local:
            ep["ID"] = self.ep_id
        ep["identity"] = self.identity
        ep["cluster_name"] = "default"
        ep["namespace"] = self.namespace
        ep["labels"] = list(self.labels)
        ep["pod_name"] = self.name
        if local:
            ep["workloads"] = [OrderedDict([("name", self.workload[0]), ("kind", self.workload[1])])]
        return ep


class World:
    node = None

    def __init__(self, ip, names):
        self.ip = ip
        self.names = names
        self.name = ip

    def endpoint(self, observer_node):
        return OrderedDict([("identity", 2), ("labels", ["reserved:world"])])


PODS = {}


def add(key, *args):
    PODS[key] = Pod(*args)


# kind-worker: 10.244.1.0/24, kind-worker2: 10.244.2.0/24
add("frontend-a", "frontend-5c8d7f9b64-x7kqp", "frontend", "kind-worker", "10.244.1.23", 1203, ("frontend", "Deployment"), 11)
add("frontend-b", "frontend-5c8d7f9b64-m4n9t", "frontend", "kind-worker2", "10.244.2.18", 742, ("frontend", "Deployment"), 12)
add("backend-a", "backend-7d9c5b8f6d-2xvkl", "backend", "kind-worker", "10.244.1.57", 381, ("backend", "Deployment"), 13)
add("backend-b", "backend-7d9c5b8f6d-h8ztw", "backend", "kind-worker2", "10.244.2.66", 2150, ("backend", "Deployment"), 14)
add("database", "database-0", "database", "kind-worker", "10.244.1.91", 2764, ("database", "StatefulSet"), 15)
add("coredns-a", "coredns-668d6bf9bc-9w2mz", "coredns", "kind-worker", "10.244.1.4", 911, ("coredns", "Deployment"), 8)
add("coredns-b", "coredns-668d6bf9bc-lq5fj", "coredns", "kind-worker2", "10.244.2.7", 488, ("coredns", "Deployment"), 8)
add("nginx", "ingress-nginx-controller-6b4c5d7f8c-vz2pr", "ingress-nginx", "kind-worker2", "10.244.2.201", 1536, ("ingress-nginx-controller", "Deployment"), 9)
add("prometheus", "prometheus-k8s-0", "prometheus", "kind-worker", "10.244.1.112", 3305, ("prometheus-k8s", "StatefulSet"), 10)
add("nightly", NIGHTLY_JOB + "-q8zrt", "nightly-report", "kind-worker", "10.244.1.140", 1877, ("nightly-report", "CronJob"), 16)
add("report-api", "report-api-7b9f6c5d48-kp2wn", "report-api", "kind-worker2", "10.244.2.133", 3921, ("report-api", "Deployment"), 15)

PAYMENTS = World("203.0.113.10", ["api.payments.example.com"])

# NetworkPolicy objects as the agent's policy correlation reports them (uids as the API server assigned them).
POLICY_UIDS = {
    "allow-dns": "0b6f2c1e-8d4a-4f37-9a5e-3c71d9e2b804",
    "allow-ingress-nginx-to-frontend": "7e2d4a90-5c1b-4e63-8f2a-d94b06c3a517",
    "allow-frontend-to-backend": "c41a8e57-93d2-4b0f-a6e8-25f7b1d0c963",
    "allow-backend-to-database": "2f9b7c03-6e4d-4a85-b1c2-8d5e3f7a9026",
    "allow-frontend-egress": "a8d35e19-0f7c-4c2b-9e64-71b2c8f4d3e0",
    "allow-backend-egress": "e5c0b7d2-4a19-4f8e-83d6-b2a9f1e07c45",
}


def allowed_by(policy, node):
    return [OrderedDict([
        ("name", policy),
        ("namespace", "production"),
        ("labels", [
            "k8s:io.cilium.k8s.policy.derived-from=NetworkPolicy",
            "k8s:io.cilium.k8s.policy.name=" + policy,
            "k8s:io.cilium.k8s.policy.namespace=production",
            "k8s:io.cilium.k8s.policy.uid=" + POLICY_UIDS[policy],
        ]),
        ("revision", NODES[node]["revision"]),
        ("kind", "NetworkPolicy"),
    ])]


# bpf_lxc.c lines of the drop sites in the modelled agent build.
DROP_LINE_EGRESS_POLICY = 1361
DROP_LINE_INGRESS_POLICY = 2108
DROP_LINE_CT_INSERT = 1093

# --------------------------------------------------------------------------------------------------------------
# Event construction
# --------------------------------------------------------------------------------------------------------------

EVENTS = []  # (time_ns, seq, node, story, attempt_key, flow)
_seq = [0]

FLAG_ORDER = ["FIN", "SYN", "RST", "PSH", "ACK"]
SUMMARY_ORDER = ["SYN", "ACK", "FIN", "RST", "PSH"]


def tcp_l4(sport, dport, flags):
    f = OrderedDict((k, True) for k in FLAG_ORDER if k in flags)
    return OrderedDict([("TCP", OrderedDict([("source_port", sport), ("destination_port", dport), ("flags", f)]))])


def udp_l4(sport, dport):
    return OrderedDict([("UDP", OrderedDict([("source_port", sport), ("destination_port", dport)]))])


def summary(proto, flags):
    if proto == "UDP":
        return "UDP"
    return "TCP Flags: " + ", ".join(k for k in SUMMARY_ORDER if k in flags)


class Pkt:
    """One packet of a connection: who sent it, to whom, 5-tuple as seen on the wire."""

    def __init__(self, conn, reply, flags=()):
        self.conn = conn
        self.reply = reply
        self.flags = flags
        c = conn
        if reply:
            self.src, self.dst = c.server, c.client
            self.sport, self.dport = c.dport, c.sport
        else:
            self.src, self.dst = c.client, c.server
            self.sport, self.dport = c.sport, c.dport

    def l4(self):
        if self.conn.proto == "UDP":
            return udp_l4(self.sport, self.dport)
        return tcp_l4(self.sport, self.dport, self.flags)

    def summary(self):
        return summary(self.conn.proto, self.flags)


def emit(t, node, story, attempt, pkt, *, verdict, event_type, eth=None, direction=None, match_type=None,
         obs_point=None, trace_reason=None, drop=None, is_reply=None, interface=None, allowed=None,
         egress=True):
    f = OrderedDict()
    f["time"] = None  # filled after sorting
    f["uuid"] = None
    f["verdict"] = verdict
    if drop is not None:
        f["drop_reason"] = drop[0]
    if eth is not None:
        f["ethernet"] = OrderedDict([("source", eth[0]), ("destination", eth[1])])
    f["IP"] = OrderedDict([("source", pkt.src.ip), ("destination", pkt.dst.ip), ("ipVersion", "IPv4")])
    f["l4"] = pkt.l4()
    f["source"] = pkt.src.endpoint(node)
    f["destination"] = pkt.dst.endpoint(node)
    f["Type"] = "L3_L4"
    f["node_name"] = node
    f["node_labels"] = node_labels(node)
    if isinstance(pkt.src, World):
        f["source_names"] = list(pkt.src.names)
    if isinstance(pkt.dst, World):
        f["destination_names"] = list(pkt.dst.names)
    if is_reply:
        f["reply"] = True
    f["event_type"] = event_type
    if direction is not None:
        f["traffic_direction"] = direction
    if match_type:
        f["policy_match_type"] = match_type
    if obs_point is not None:
        f["trace_observation_point"] = obs_point
    if trace_reason is not None:
        f["trace_reason"] = trace_reason
    if drop is not None and drop[2] is not None:
        f["file"] = OrderedDict([("name", "bpf_lxc.c"), ("line", drop[2])])
    if drop is not None:
        f["drop_reason_desc"] = drop[1]
    if is_reply is not None:
        f["is_reply"] = is_reply
    if interface is not None:
        f["interface"] = OrderedDict(interface)
    f["Summary"] = pkt.summary()
    if allowed is not None:
        f["egress_allowed_by" if egress else "ingress_allowed_by"] = allowed_by(allowed, node)
        f["policy_log"] = [""]
    _seq[0] += 1
    EVENTS.append((t, _seq[0], node, story, attempt, f))


# Policy decisions at an endpoint for one direction:
#   None                    endpoint not policy-enforced in that direction: no policy-verdict event
#   ("allow", policy)       FORWARDED, policy_match_type 2 (L3-L4), *_allowed_by = policy
#   ("deny",)               DROPPED, 133 POLICY_DENIED (default deny): type-5 + type-1 per packet
#   ("audit",)              AUDIT (endpoint in policy audit mode; would be default-denied)

def policy_verdict(t, node, story, attempt, pkt, decision, egress):
    direction = "EGRESS" if egress else "INGRESS"
    local = pkt.src if egress else pkt.dst
    eth = (local.mac, local.lxc_mac) if egress else (local.lxc_mac, local.mac)
    kind = decision[0]
    ev5 = {"type": 5}
    if kind == "allow":
        emit(t, node, story, attempt, pkt, verdict="FORWARDED", event_type=ev5, eth=eth, direction=direction,
             match_type=2, is_reply=False, allowed=decision[1], egress=egress)
        return True, t
    if kind == "audit":
        emit(t, node, story, attempt, pkt, verdict="AUDIT", event_type=ev5, eth=eth, direction=direction,
             is_reply=False)
        return True, t
    # default deny: policy verdict, then the drop notification from the same program
    emit(t, node, story, attempt, pkt, verdict="DROPPED", event_type=ev5, eth=eth, direction=direction,
         drop=(133, "POLICY_DENIED", None))
    t2 = t + rng.randint(2 * US, 9 * US)
    line = DROP_LINE_EGRESS_POLICY if egress else DROP_LINE_INGRESS_POLICY
    emit(t2, node, story, attempt, pkt, verdict="DROPPED", event_type={"type": 1, "sub_type": 133}, eth=eth,
         direction=direction, drop=(133, "POLICY_DENIED", line))
    return False, t2


def conn_direction(pkt, at_client_side):
    """traffic_direction of a trace event: the connection's direction relative to the observing endpoint."""
    return "EGRESS" if at_client_side else "INGRESS"


def trace_path(t, story, attempt, pkt, first, trace_src=True):
    """Trace events for a packet that passed policy: TO_OVERLAY on the sender's node when crossing nodes
    (skipped for retransmits, which monitor aggregation suppresses), then TO_ENDPOINT at the receiver."""
    reason = "REPLY" if pkt.reply else ("NEW" if first else "ESTABLISHED")
    sender_is_client = not pkt.reply
    is_reply = pkt.reply
    if pkt.src.node is not None and pkt.dst.node is not None and pkt.src.node != pkt.dst.node:
        if trace_src:
            emit(t, pkt.src.node, story, attempt, pkt, verdict="FORWARDED", event_type={"type": 4, "sub_type": 4},
                 eth=(pkt.src.mac, pkt.src.lxc_mac), direction=conn_direction(pkt, sender_is_client),
                 obs_point="TO_OVERLAY", trace_reason=reason, is_reply=is_reply,
                 interface={"index": NODES[pkt.src.node]["vxlan_ifindex"], "name": "cilium_vxlan"})
        t += rng.randint(180 * US, 650 * US)
    else:
        t += rng.randint(8 * US, 40 * US)
    return t


def deliver(t, story, attempt, pkt):
    first = pkt.flags == ("SYN",) or (pkt.conn.proto == "UDP" and not pkt.reply and pkt.conn.first_pkt)
    reason = "REPLY" if pkt.reply else ("NEW" if first else "ESTABLISHED")
    receiver_is_client = pkt.reply
    emit(t, pkt.dst.node, story, attempt, pkt, verdict="FORWARDED", event_type={"type": 4},
         eth=(pkt.dst.lxc_mac, pkt.dst.mac), direction=conn_direction(pkt, receiver_is_client),
         obs_point="TO_ENDPOINT", trace_reason=reason, is_reply=pkt.reply, interface=pkt.dst.lxc)


USED_PORTS = set()


def ephemeral(client):
    while True:
        p = rng.randint(32768, 60999)
        if (client.ip, p) not in USED_PORTS:
            USED_PORTS.add((client.ip, p))
            return p


class Conn:
    def __init__(self, client, server, proto, dport):
        self.client, self.server, self.proto, self.dport = client, server, proto, dport
        self.sport = ephemeral(client)
        self.first_pkt = True


ATTEMPTS = []  # (story, attempt key)


def connect(t, story, client, server, proto, dport, egress=None, ingress=None):
    """Simulate one connection attempt (one 5-tuple). TCP SYNs that get no answer are retransmitted after
    1 s and 3 s (initial RTO 1 s, doubling); the client gives up before the next one. UDP is a single
    request/response (DNS). Returns the time the attempt ended."""
    conn = Conn(client, server, proto, dport)
    attempt = "%s:%d->%s:%d/%s" % (client.ip, conn.sport, server.ip, dport, proto)
    ATTEMPTS.append((story, attempt))
    syn_times = [t, t + SEC + rng.randint(0, 3 * MS), t + 3 * SEC + rng.randint(0, 6 * MS)]
    if proto == "UDP":
        syn_times = syn_times[:1]
    for i, ts in enumerate(syn_times):
        pkt = Pkt(conn, False, ("SYN",) if proto == "TCP" else ())
        retransmit = i > 0
        # egress policy at the client; after an AUDIT/allow verdict the CT entry exists, so retransmits
        # produce no new egress verdict and no new source-side trace (aggregated)
        if egress is not None and (not retransmit or egress[0] == "deny"):
            passed, ts = policy_verdict(ts, client.node, story, attempt, pkt, egress, True)
            if not passed:
                continue
            ts += rng.randint(3 * US, 12 * US)
        if isinstance(server, World):
            continue  # nothing here reaches the world
        ts = trace_path(ts, story, attempt, pkt, True, trace_src=not retransmit)
        if ingress is not None and (not retransmit or ingress[0] == "deny"):
            passed, ts = policy_verdict(ts, server.node, story, attempt, pkt, ingress, False)
            if not passed:
                continue
            ts += rng.randint(3 * US, 12 * US)
        deliver(ts, story, attempt, pkt)
        conn.first_pkt = False
        # answered: reply, then (TCP) the request data
        ts += rng.randint(40 * US, 900 * US) if proto == "UDP" else rng.randint(15 * US, 60 * US)
        if proto == "UDP":
            rp = Pkt(conn, True)
            ts = trace_path(ts, story, attempt, rp, False)
            deliver(ts, story, attempt, rp)
            return ts
        rp = Pkt(conn, True, ("SYN", "ACK"))
        ts = trace_path(ts, story, attempt, rp, False)
        deliver(ts, story, attempt, rp)
        ts += rng.randint(60 * US, 400 * US)
        dp = Pkt(conn, False, ("ACK", "PSH"))
        ts = trace_path(ts, story, attempt, dp, False)
        deliver(ts, story, attempt, dp)
        return ts
    return syn_times[-1]


def ct_insert_failure(t, story, client, server):
    """Allowed by policy, then dropped because the CT map was full (non-policy drop)."""
    conn = Conn(client, server, "UDP", 53)
    attempt = "%s:%d->%s:%d/UDP" % (client.ip, conn.sport, server.ip, 53)
    ATTEMPTS.append((story, attempt))
    pkt = Pkt(conn, False)
    policy_verdict(t, client.node, story, attempt, pkt, ("allow", "allow-dns"), True)
    t += rng.randint(2 * US, 8 * US)
    emit(t, client.node, story, attempt, pkt, verdict="DROPPED", event_type={"type": 1, "sub_type": 155},
         eth=(client.mac, client.lxc_mac), direction="EGRESS", drop=(155, "CT_MAP_INSERTION_FAILED", DROP_LINE_CT_INSERT))


# --------------------------------------------------------------------------------------------------------------
# The story
# --------------------------------------------------------------------------------------------------------------

P = PODS
DNS = [P["coredns-a"], P["coredns-b"]]
ALLOW_DNS = ("allow", "allow-dns")


def at(sec):
    """An instant `sec` seconds into the capture, with sub-millisecond noise like any real timestamp."""
    return START_NS + int(sec * SEC) + rng.randint(1, 999_999)


def jitter(lo_ms, hi_ms):
    return rng.randint(int(lo_ms * MS), int(hi_ms * MS))


def spread(n, lo, hi):
    """n sorted random instants (seconds) in [lo, hi)."""
    return sorted(rng.uniform(lo, hi) for _ in range(n))


def dns(t, client, egress):
    kind = "audit" if egress[0] == "audit" else "allowed"
    story = "%s: %s -> kube-dns UDP 53" % (kind, IDENTITIES[client.ident][3]["app"])
    return connect(t, story, client, rng.choice(DNS), "UDP", 53, egress=egress)


def build():
    frontends = [P["frontend-a"], P["frontend-b"]]
    backends = [P["backend-a"], P["backend-b"]]

    # 1. ingress-nginx -> frontend (new upstream connections; most requests reuse keepalive connections)
    for i, s in enumerate(spread(16, 2, 595)):
        port = 443 if i % 8 in (1, 4, 6) else 80
        connect(at(s), "allowed: ingress-nginx -> frontend TCP %d" % port, P["nginx"], rng.choice(frontends),
                "TCP", port, ingress=("allow", "allow-ingress-nginx-to-frontend"))

    # 2. frontend -> backend 8080, each new connection preceded by a lookup of backend.production.svc
    for s in spread(14, 3, 596):
        fe = rng.choice(frontends)
        t = dns(at(s), fe, ALLOW_DNS)
        connect(t + jitter(0.2, 1.5), "allowed: frontend -> backend TCP 8080", fe, rng.choice(backends), "TCP", 8080,
                egress=("allow", "allow-frontend-egress"), ingress=("allow", "allow-frontend-to-backend"))

    # 3. backend -> database 5432 (connection pool refreshes), preceded by a lookup of database.production.svc
    for s in spread(6, 10, 590):
        be = rng.choice(backends)
        t = dns(at(s), be, ALLOW_DNS)
        connect(t + jitter(0.3, 2.0), "allowed: backend -> database TCP 5432", be, P["database"], "TCP", 5432,
                egress=("allow", "allow-backend-egress"), ingress=("allow", "allow-backend-to-database"))

    # 4. backend -> api.payments.example.com (203.0.113.10:443): lookup succeeds, connection is dropped
    for s, be in zip((101.7, 195.3, 418.9, 501.2), (backends[0], backends[1], backends[1], backends[0])):
        t = dns(at(s), be, ALLOW_DNS)
        connect(t + jitter(0.5, 3.0), "dropped: backend -> 203.0.113.10 TCP 443", be, PAYMENTS, "TCP", 443,
                egress=("deny",))

    # 5. prometheus (monitoring) -> backend:9090; the ServiceMonitor was applied at 09:04:50, each target is
    #    scraped every 30 s at its own offset, scrape timeout 5 s (initial SYN + 2 retransmits)
    for be, offset in ((backends[0], 307.31), (backends[1], 319.84)):
        s = offset
        while s + 3.1 < 600:
            connect(at(s) + jitter(0, 4), "dropped: prometheus -> backend TCP 9090", P["prometheus"], be, "TCP", 9090,
                    ingress=("deny",))
            s += 30

    # 6. frontend -> database:5432 directly (someone ran psql from a frontend pod): lateral move, keep denied
    for s in (372.4, 400.9):
        connect(at(s), "dropped: frontend -> database TCP 5432", P["frontend-a"], P["database"], "TCP", 5432,
                egress=("deny",))

    # 7. non-policy drop: conntrack map full on a DNS query from frontend-b; the resolver retries on a new
    #    socket 5 s later and that lookup goes through
    ct_insert_failure(at(451.12), "dropped (not policy): frontend -> kube-dns UDP 53 CT_MAP_INSERTION_FAILED",
                      P["frontend-b"], P["coredns-b"])
    dns(at(456.13), P["frontend-b"], ALLOW_DNS)

    # 8. reporting (policy audit mode): report-api polls frontend's export endpoint every 2 minutes
    for s in (45.2, 165.2, 285.2, 405.2, 525.2):
        t = dns(at(s) + jitter(0, 30), P["report-api"], ("audit",))
        connect(t + jitter(0.3, 1.2), "audit+dropped: report-api -> frontend TCP 443", P["report-api"],
                rng.choice(frontends), "TCP", 443, egress=("audit",), ingress=("deny",))

    # 9. the nightly report job (scheduled 09:05:00 UTC) starts at 09:05:03 and calls report-api 3 times
    s = 303.6
    for _ in range(3):
        t = dns(at(s), P["nightly"], ("audit",))
        connect(t + jitter(0.5, 2.0), "audit: nightly-report -> report-api TCP 8080", P["nightly"], P["report-api"],
                "TCP", 8080, egress=("audit",))
        s += rng.uniform(11, 17)


# --------------------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------------------

def fmt_time(ns):
    """google.protobuf.Timestamp in protojson: RFC 3339, UTC, 0/3/6/9 fractional digits."""
    secs, nanos = divmod(ns, SEC)
    y, mo, d, h, mi, s = time.gmtime(secs)[:6]
    base = "%04d-%02d-%02dT%02d:%02d:%02d" % (y, mo, d, h, mi, s)
    if nanos == 0:
        frac = ""
    elif nanos % MS == 0:
        frac = ".%03d" % (nanos // MS)
    elif nanos % US == 0:
        frac = ".%06d" % (nanos // US)
    else:
        frac = ".%09d" % nanos
    return base + frac + "Z"


def uuid4():
    b = bytearray(rng.getrandbits(8) for _ in range(16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def render():
    build()
    EVENTS.sort(key=lambda e: (e[0], e[1]))
    lines, last = [], None
    rows = []
    seen = set()
    for t, _, node, story, attempt, f in EVENTS:
        if last is not None and t <= last:
            t = last + 1
        if t % US == 0:
            t += 1  # keep every timestamp at full nanosecond precision (9 fractional digits)
        last = t
        assert START_NS <= t < END_NS, fmt_time(t)
        ts = fmt_time(t)
        f["time"] = ts
        u = uuid4()
        while u in seen:
            u = uuid4()
        seen.add(u)
        f["uuid"] = u
        wrapper = OrderedDict([("flow", f), ("node_name", node), ("time", ts)])
        lines.append(json.dumps(wrapper, separators=(",", ":")))
        rows.append((story, attempt, f))
    return "\n".join(lines) + "\n", rows


def stats(rows):
    out = OrderedDict()
    for story, attempt in ATTEMPTS:
        out.setdefault(story, {"attempts": set(), "events": {}})["attempts"].add(attempt)
    span = {}
    for story, attempt, f in rows:
        first, last = span.get(story, (f["time"], f["time"]))
        span[story] = (min(first, f["time"]), max(last, f["time"]))
        et = f["event_type"]
        key = "type %d %s" % (et["type"], f["verdict"])
        if et["type"] == 4:
            key = "type 4 %s" % f["trace_observation_point"]
        ev = out[story]["events"]
        ev[key] = ev.get(key, 0) + 1
    print("| story | attempts | events | by kind | first | last |")
    print("|---|---:|---:|---|---|---|")
    total = 0
    for story, v in sorted(out.items()):
        n = sum(v["events"].values())
        total += n
        kinds = ", ".join("%s: %d" % kv for kv in sorted(v["events"].items()))
        first, last = (x[11:19] for x in span[story])
        print("| %s | %d | %d | %s | %s | %s |" % (story, len(v["attempts"]), n, kinds, first, last))
    print("total events: %d" % total)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stats", action="store_true", help="print per-story counts instead of writing")
    ap.add_argument("--check", action="store_true", help="fail if capture.jsonl is not what this script writes")
    args = ap.parse_args()
    text, rows = render()
    if args.stats:
        stats(rows)
        return 0
    if args.check:
        with open(OUT, encoding="utf-8") as fh:
            same = fh.read() == text
        print("capture.jsonl is %s" % ("up to date" if same else "OUT OF DATE"))
        return 0 if same else 1
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    print("wrote %s (%d lines)" % (os.path.relpath(OUT), text.count("\n")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
