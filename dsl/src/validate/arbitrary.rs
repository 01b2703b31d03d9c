//! Property test: validation never panics and is deterministic, whatever the pipeline.
//!
//! Pipelines are generated from small pools of names, so references sometimes resolve and
//! sometimes do not, names sometimes clash, groups nest, and settings are sometimes malformed.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::fixture::pipeline;
use super::index::Index;
use super::{cycles, rules};
use crate::ir::{
    Accelerator, Argument, Backoff, Branch, CmpOp, Condition, Dag, ExitHandler, Expr, Loop,
    LoopItemRef, LoopItems, Node, Resources, Retry, Task, TaskOutputRef,
};

fn pick(names: &'static [&'static str]) -> impl Strategy<Value = String> + Clone {
    prop::sample::select(names).prop_map(String::from)
}

fn task_name() -> impl Strategy<Value = String> + Clone {
    pick(&["a", "b", "c", "a_b", "a-b", "", "--", "l", "c-1", "e"])
}

fn output_name() -> impl Strategy<Value = String> + Clone {
    pick(&["count", "names", "data", "model", "score", "total", "nope"])
}

fn json_value() -> impl Strategy<Value = Value> + Clone {
    prop::sample::select(vec![
        json!(1),
        json!(-2),
        json!(1.5),
        json!("x"),
        json!(true),
        Value::Null,
        json!([1, "a"]),
        json!({"rows": 1}),
    ])
}

fn output_ref() -> impl Strategy<Value = TaskOutputRef> + Clone {
    (task_name(), output_name()).prop_map(|(task, output)| TaskOutputRef { task, output })
}

fn argument() -> impl Strategy<Value = Argument> + Clone {
    prop_oneof![
        json_value().prop_map(Argument::Constant),
        pick(&["rows", "label", "rate", "names", "pvc", "nope"]).prop_map(Argument::Parameter),
        output_ref().prop_map(Argument::TaskOutput),
        output_ref().prop_map(Argument::Collected),
        (task_name(), prop::option::of(pick(&["rows", "n"]))).prop_map(|(l, field)| {
            Argument::LoopItem(LoopItemRef {
                loop_name: l,
                field,
            })
        }),
    ]
}

fn quantity() -> impl Strategy<Value = Option<String>> + Clone {
    prop::option::of(pick(&[
        "1", "500m", "4Gi", "-1", "4GB", "2.5.1", "", "1e3", "+.5",
    ]))
}

fn resources() -> impl Strategy<Value = Resources> + Clone {
    (
        quantity(),
        quantity(),
        quantity(),
        quantity(),
        prop::option::of((0u32..3, pick(&["nvidia.com/gpu", "gpu", "a/b"]))),
    )
        .prop_map(
            |(cpu_request, cpu_limit, memory_request, memory_limit, acc)| Resources {
                cpu_request,
                cpu_limit,
                memory_request,
                memory_limit,
                accelerator: acc.map(|(count, resource)| Accelerator {
                    count,
                    resource,
                    ty: None,
                }),
            },
        )
}

fn task() -> impl Strategy<Value = Task> + Clone {
    let component = pick(&["produce", "consume", "echo", "train", "sum", "nope"]);
    let input = pick(&[
        "rows", "data", "count", "label", "message", "values", "nope",
    ]);
    let durations = pick(&["30s", "1h30m", "30", "", "1d", "-1s"]);
    (
        task_name(),
        component,
        prop::collection::btree_map(input, argument(), 0..4),
        prop::collection::vec(task_name(), 0..2),
        resources(),
        prop::option::of((durations.clone(), prop::option::of(durations))),
    )
        .prop_map(|(name, component, arguments, after, resources, backoff)| {
            let mut t = Task::new(name, component);
            t.arguments = arguments.into_iter().collect();
            t.after = after;
            t.pod_mut().resources = resources;
            t.pod_mut().retry = backoff.map(|(duration, max_duration)| Retry {
                limit: 1,
                policy: None,
                backoff: Some(Backoff {
                    duration,
                    factor: None,
                    max_duration,
                }),
            });
            t
        })
}

fn expr() -> impl Strategy<Value = Expr> + Clone {
    let op = prop::sample::select(vec![CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Ge]);
    let compare = (op, argument(), argument()).prop_map(|(op, left, right)| Expr::Compare {
        op,
        left,
        right,
    });
    compare.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Expr::And),
            prop::collection::vec(inner.clone(), 0..3).prop_map(Expr::Or),
            inner.prop_map(|e| Expr::Not(Box::new(e))),
        ]
    })
}

fn items() -> impl Strategy<Value = LoopItems> + Clone {
    prop_oneof![
        prop::collection::vec(json_value(), 0..3).prop_map(LoopItems::Static),
        pick(&["names", "rows", "nope"]).prop_map(LoopItems::Parameter),
        output_ref().prop_map(LoopItems::TaskOutput),
    ]
}

fn node() -> impl Strategy<Value = Node> {
    task()
        .prop_map(|t| Node::Task(Box::new(t)))
        .prop_recursive(3, 20, 3, |inner| {
            let body = prop::collection::vec(inner, 0..3).prop_map(|nodes| Dag { nodes });
            let branch = (task_name(), prop::option::of(expr()), body.clone())
                .prop_map(|(name, when, body)| Branch { name, when, body });
            prop_oneof![
                (
                    task_name(),
                    items(),
                    prop::option::of(0u32..3),
                    body.clone()
                )
                    .prop_map(|(name, items, parallelism, body)| {
                        Node::Loop(Box::new(Loop {
                            name,
                            items,
                            parallelism,
                            body,
                        }))
                    }),
                (task_name(), prop::collection::vec(branch, 0..3))
                    .prop_map(|(name, branches)| Node::Condition(Condition { name, branches })),
                (task_name(), task(), body).prop_map(|(name, exit_task, body)| {
                    Node::ExitHandler(Box::new(ExitHandler {
                        name,
                        exit_task,
                        body,
                    }))
                }),
            ]
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any pipeline: no panic, the same errors twice, and every error says where and what.
    #[test]
    fn validation_never_panics(nodes in prop::collection::vec(node(), 0..5)) {
        let p = pipeline(nodes);
        let first = rules::check(&p);
        prop_assert_eq!(&first, &rules::check(&p));
        for e in &first {
            prop_assert!(e.location.starts_with("pipeline t"));
            prop_assert!(!e.message.is_empty());
        }
    }

    /// Running the rules' per-task parts together gives the errors in the same order as running
    /// each rule on its own.
    #[test]
    fn one_walk_reports_like_rule_by_rule(nodes in prop::collection::vec(node(), 0..5)) {
        let p = pipeline(nodes);
        prop_assert_eq!(rules::check(&p), rules::check_rule_by_rule(&p));
    }

    /// The quick acyclicity check finds a cycle exactly when the full search does.
    #[test]
    fn quick_cycle_check_agrees(nodes in prop::collection::vec(node(), 0..5)) {
        let p = pipeline(nodes);
        prop_assert!(cycles::quick_check_agrees(&Index::new(&p)));
    }
}
