namespace FlowAuditor.Hubble.Tests.Capture.Direct;

/// <summary>Hand-made capture lines: shapes the direct decoder covers, and ones it must leave to the general path.</summary>
internal static class EdgeLines
{
    private const string Pod = """{"ID":12,"identity":29044,"cluster_name":"default","namespace":"shop","labels":["k8s:app=web","k8s:io.kubernetes.pod.namespace=shop"],"pod_name":"web-1","workloads":[{"name":"web","kind":"Deployment"}]}""";

    public static IReadOnlyList<string> Direct { get; } =
    [
        "{}",
        """{"flow":{}}""",
        """{"flow":{"uuid":"u1"},"node_name":"n1"}""",
        // Missing fields everywhere, and unknown ones at every level.
        """{"flow":{"uuid":"u1","from_a_newer_agent":{"x":[1,2,{"y":null}]},"source":{"labels":["k8s:app=a"],"new_field":"x"},"l4":{"TCP":{"destination_port":80,"window":5}}},"future":true}""",
        // lowerCamel keys.
        """{"flow":{"dropReasonDesc":"POLICY_DENIED","trafficDirection":"EGRESS","policyMatchType":3,"isReply":true,"nodeName":"n2","sourceNames":["a.example"],"destinationNames":["b.example"],"eventType":{"type":5,"subType":3},"egressDeniedBy":[{"name":"p","namespace":"ns"}],"policyLog":["x"],"sourceService":{"name":"s","namespace":"ns"},"destination":{"podName":"api-1","clusterName":"c2","namespace":"ns","labels":["k8s:app=api"],"identity":99}},"nodeName":"n1"}""",
        // Enums as numbers, integers as strings.
        """{"flow":{"verdict":2,"traffic_direction":1,"drop_reason_desc":133,"Type":1}}""",
        """{"flow":{"policy_match_type":"3","drop_reason":"133","source":{"identity":"1234","labels":["k8s:app=a"]},"l4":{"TCP":{"source_port":"1","destination_port":"80"}},"socket_cookie":"18446744073709551615","cgroup_id":42}}""",
        // Null for every kind of field.
        """{"flow":{"source":null,"destination":null,"l4":null,"IP":null,"is_reply":null,"uuid":null,"verdict":null,"source_names":null,"time":null,"event_type":null,"ingress_allowed_by":null,"Summary":null},"node_name":null,"time":null}""",
        """{"flow":{"source":{"labels":null,"workloads":null,"namespace":null,"identity":null}}}""",
        // A bare Flow (legacy -o json), with and without node and time.
        """{"time":"2026-11-20T09:00:20Z","node_name":"n1","verdict":"DROPPED","source":{"namespace":"a","labels":["k8s:app=x"]},"IP":{"source":"10.0.0.1","destination":"10.0.0.2"}}""",
        """{"verdict":"AUDIT","uuid":"bare"}""",
        // A response's top-level Flow keys are read but belong to no flow.
        """{"flow":{"uuid":"a"},"verdict":"DROPPED","node_name":"n","time":"2026-11-20T09:00:20.5Z"}""",
        """{"node_name":"relay","flow":{"uuid":"a","node_name":"agent"}}""",
        "{\"flow\":{\"source\":" + Pod + ",\"destination\":" + Pod + "}}",
        // Endpoints: reserved identities without labels, a namespace without labels, labels without the namespace label.
        """{"flow":{"source":{"identity":1},"destination":{"identity":2}}}""",
        """{"flow":{"source":{"namespace":"shop"},"destination":{"identity":77777}}}""",
        """{"flow":{"source":{"namespace":"shop","labels":["k8s:app=web"]},"destination":{"labels":["reserved:world"],"identity":2}}}""",
        """{"flow":{"source":{"namespace":"shop","workloads":[{"name":"web","kind":"Deployment"},{"name":"rs","kind":"ReplicaSet"}]},"destination":{"workloads":[{"name":"api"}]}}}""",
        """{"flow":{"source":{"namespace":"shop","workloads":[{"kind":"Deployment"}]},"destination_service":{},"source_service":{"namespace":"x"}}}""",
        // Layer 4 of every kind.
        """{"flow":{"l4":{"ICMPv4":{"type":8,"code":0}}}}""",
        """{"flow":{"l4":{"ICMPv6":{"type":128}}}}""",
        """{"flow":{"l4":{"UDP":{"source_port":5353,"destination_port":53}}}}""",
        """{"flow":{"l4":{"SCTP":{"source_port":1,"destination_port":2}}}}""",
        """{"flow":{"l4":{"VRRP":{"type":1,"vrid":2}}}}""",
        """{"flow":{"l4":{"IGMP":{"type":1,"group_address":"224.0.0.1"}}}}""",
        """{"flow":{"l4":{"TCP":{"source_port":1,"destination_port":2}}}}""",
        """{"flow":{"l4":{"TCP":{"flags":{"SYN":true,"ACK":true,"FIN":false}}}}}""",
        """{"flow":{"l4":{}}}""",
        // Addresses: IPv6, unparsable, empty, escaped.
        """{"flow":{"IP":{"source":"fd00::1","destination":"not-an-ip","ipVersion":"IPv6"}}}""",
        """{"flow":{"IP":{"source":"","destination":"10.0.0.\u0032"}}}""",
        // Flags, reasons, times.
        """{"flow":{"is_reply":true,"reply":true}}""",
        """{"flow":{"is_reply":false}}""",
        """{"flow":{"drop_reason":181,"drop_reason_desc":"DROP_REASON_UNKNOWN"}}""",
        """{"flow":{"drop_reason_desc":9999}}""",
        """{"flow":{"time":"2026-11-20T09:00:20.1Z"}}""",
        """{"flow":{"time":"2026-11-20T09:00:20.123456789Z"}}""",
        """{"flow":{"time":"0001-01-01T00:00:00Z"}}""",
        """{"flow":{"time":"9999-12-31T23:59:59.999999999Z"}}""",
        // Policies named by labels only, nameless, by kind.
        """{"flow":{"egress_allowed_by":[{"name":"allow-dns","labels":["k8s:io.cilium.k8s.policy.derived-from=CiliumClusterwideNetworkPolicy"]},{"labels":["reserved:allow-localhost-ingress"]}],"ingress_allowed_by":[{"name":"np","namespace":"shop","kind":"NetworkPolicy","revision":"7"}],"egress_denied_by":[{"name":"deny","namespace":"shop","labels":["k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy"]}],"ingress_denied_by":[{"name":"ccnp"}],"policy_log":["log-1","log-2"]}}""",
        // Escapes and non-ASCII text in read and unread strings.
        """{"flow":{"uuid":"\u0075-1","source":{"namespace":"sh\u006fp","labels":["k8s:app=caf\u00e9","k8s:tier=\"x\""],"pod_name":"p\/1"},"Summary":"a\tb \ud83d\ude00"}}""",
        """{"flow":{"source":{"namespace":"日本","labels":["k8s:app=日本"]}}}""",
        // Whitespace inside the object.
        """{ "flow" : { "uuid" : "w" , "verdict" : "DROPPED" } , "node_name" : "n" }""",
        // Unread fields of every type, well-formed.
        """{"flow":{"ethernet":{"source":"aa"},"node_labels":["a=b"],"l7":{"type":"REQUEST","dns":{"query":"x."}},"trace_observation_point":"TO_ENDPOINT","interface":{"index":3,"name":"eth0"},"proxy_port":0,"aggregate":{}}}""",
    ];

    public static IReadOnlyList<string> Declined { get; } =
    [
        // The general path builds these messages.
        """{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"42"},"node_name":"n1"}""",
        """{"node_status":{"state_change":"NODE_CONNECTED","node_names":["a"]}}""",
        """{"flow":null}""",
        // Constructs the fast parser leaves to JsonParser, with its results.
        """{"flow":{"uuid":"a","uuid":"b"}}""",
        """{"flow":{"uuid":"a"},"flow":{"uuid":"b"}}""",
        """{"flow":{"l4":{"TCP":{"source_port":1},"UDP":{"source_port":2}}}}""",
        """{"flow":{"l4":{"TCP":{"source_port":1},"UDP":null}}}""",
        """{"flow":{"extensions":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"x"}}}""",
        """{"flow":{"time":"2026-11-20T10:00:20.5+01:00"}}""",
        """{"flow":{"drop_reason":1.5}}""",
        """{"flow":{"socket_cookie":"007"}}""",
        """{"flow":{"socket_cookie":18014398509481985}}""",
        """{"flow":{"node_labels":["a",null]}}""",
        """{"flow":{"egress_allowed_by":[null]}}""",
        """{"flow":{"source":{"workloads":[null]}}}""",
        // Wrong-typed values, in fields the mapper reads and in ones it does not.
        """{"flow":{"verdict":{"x":1}}}""",
        """{"flow":{"verdict":"NOT_A_VERDICT"}}""",
        """{"flow":{"Summary":5}}""",
        """{"flow":{"ethernet":{"source":7}}}""",
        """{"flow":{"source":{"identity":-1}}}""",
        """{"flow":{"l4":{"TCP":{"destination_port":65536.5}}}}""",
        """{"flow":{"l4":{"TCP":{"flags":{"SYN":1}}}}}""",
        """{"flow":{"is_reply":"yes"}}""",
        """{"flow":{"uuid":5}}""",
        """{"flow":{"source":"web"}}""",
        """{"flow":{"source_names":"a"}}""",
        """{"flow":{"time":"yesterday"}}""",
        // Not a capture line.
        """{"flow":{"uuid":"trunc","verdict":"DROP""",
        "time=2024-01-01 level=info msg=not json",
        """{"flow":{}} {}""",
        "[1,2]",
        "\"flow\"",
        "null",
    ];
}
