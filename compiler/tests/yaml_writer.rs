//! pipec's YAML writer: byte-identical to serde-saphyr's emitter (which pipec used before), and
//! every string reads back as the same string, in a YAML 1.2 reader (serde-saphyr) and, when
//! the conformance venv exists, in PyYAML's YAML 1.1 reader.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use pipec_compiler::yaml::{self, to_yaml};
use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// What serde-saphyr writes with the options pipec used (no folding of long lines).
fn reference<T: Serialize>(doc: &T) -> String {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.folded_wrap_chars = usize::MAX;
    let mut out = String::new();
    serde_saphyr::to_fmt_writer_with_options(&mut out, doc, options).expect("reference writes");
    out
}

fn write<T: Serialize>(doc: &T) -> String {
    to_yaml(std::slice::from_ref(doc)).expect("pipec writes")
}

/// Strings that a careless writer would leave plain and a reader would turn into something else.
#[rustfmt::skip]
const TRICKY: &[&str] = &[
    "", " ", "  x", "x ", "\t", "~", "null", "Null", "NULL", "true", "True", "FALSE", "yes", "Yes",
    "YES", "no", "No", "y", "Y", "n", "N", "on", "On", "ON", "off", "Off", "OFF", "0", "-0", "+1",
    "0755", "0o755", "0x1F", "0X1f", "0b1010", "1_000", "1__0", "_1", "1:20", "190:20:30",
    "-1:20.5", "1.5", ".5", "5.", "1e3", "1E3", "1.0e+3", "-2e-5", ".inf", "-.inf", "+.INF",
    ".nan", ".NaN", "nan", "inf", "-inf", "1.2.3", "2024-06-01", "2024-6-1", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "<<", "=", "-", "--", "---", "--- x", "...", "... x", "?", "? x",
    "- x", "-x", ":", ":x", "a:", "a: b", "a:b", "a #b", "a#b", "#x", "&a", "*a", "!tag", "|",
    ">", "'q'", "\"q\"", "%x", "@x", "`x", ",x", "[x]", "{x}", "a,b", "a\nb", "a\n", "a\n\n",
    "\n", "\n\n", " a\nb", "\na", "a\r\nb", "a\rb", "\u{0}", "\u{7}", "\u{1b}", "\u{7f}",
    "\u{85}", "\u{a0}", "a\u{a0}#b", "x:\u{3000}", "\u{feff}x", "\u{2028}", "\u{fffe}", "é",
    "日本", "emoji 🎉", "\\", "{{inputs.parameters.x}}", "$(params.x)", "a\tb",
];

#[test]
fn tricky_strings_match_reference_and_read_back() {
    for &s in TRICKY {
        for doc in [
            json!({ "v": s }),
            json!([s]),
            json!({ s: 1 }),
            json!({ "m": { s: [s] } }),
        ] {
            let yaml = write(&doc);
            assert_eq!(yaml, reference(&doc), "{s:?}");
            let back: Value = serde_saphyr::from_str(&yaml).expect("reads back");
            assert_eq!(back, doc, "{s:?} written as\n{yaml}");
        }
    }
}

#[test]
fn ambiguous_strings_are_never_plain() {
    for s in [
        "yes",
        "No",
        "on",
        "OFF",
        "y",
        "~",
        "null",
        "true",
        "0755",
        "0x1F",
        "1_000",
        "1:20",
        "1e3",
        ".inf",
        ".nan",
        "2024-06-01",
        "-",
        "a: b",
        "a #b",
        " x",
        "x ",
        "<<",
    ] {
        let yaml = write(&json!({ "v": s }));
        assert_ne!(yaml, format!("v: {s}\n"), "{s:?} must be quoted");
        let yaml = write(&json!({ s: 1 }));
        assert_ne!(yaml, format!("{s}: 1\n"), "key {s:?} must be quoted");
    }
}

#[test]
fn layout() {
    let doc = json!({
        "a": 1,
        "map": { "x": true, "empty": {} },
        "list": ["p", { "k": 1, "l": 2 }, ["q", "r"], [], {}],
        "none": null,
        "f": 1.5,
        "script": "echo a\n  echo b\n",
        "lead": "  indented\nline",
    });
    let expected = "\
a: 1
map:
  x: true
  empty: {}
list:
- p
- k: 1
  l: 2
- - q
  - r
- []
- {}
none: null
f: 1.5
script: |
  echo a
    echo b
lead: |2-
    indented
  line
";
    assert_eq!(write(&doc), expected);
    assert_eq!(reference(&doc), expected);
}

#[test]
fn over_long_keys_are_explicit() {
    let key = "k".repeat(1100);
    for value in [
        json!(1),
        json!({"a": 1, "b": 2}),
        json!([1, 2]),
        json!("x\ny"),
    ] {
        let doc = json!({ "m": { key.clone(): value } });
        let yaml = write(&doc);
        assert_eq!(yaml, reference(&doc));
        assert_eq!(serde_saphyr::from_str::<Value>(&yaml).unwrap(), doc);
    }
}

#[test]
fn non_scalar_keys_are_errors() {
    let mut map = BTreeMap::new();
    map.insert(vec![1, 2], "x");
    let err = to_yaml(&[map]).unwrap_err();
    assert!(
        err.to_string().contains("map key must be a string"),
        "{err}"
    );
    let err = yaml::to_yaml(&[OneEntry(Shape::Circle(1.0))]).unwrap_err();
    assert!(err.to_string().contains("Circle"), "{err}");
}

/// A map with one entry whose key is `.0`.
struct OneEntry<K>(K);

impl<K: Serialize> Serialize for OneEntry<K> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(&self.0, &1)?;
        map.end()
    }
}

#[test]
fn errors_from_values_pass_through() {
    struct Failing;
    impl Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no way"))
        }
    }
    let err = to_yaml(&[json!({"a": 1})])
        .map(|_| ())
        .and(to_yaml(&[Failing]).map(|_| ()));
    assert_eq!(err.unwrap_err().to_string(), "no way");
}

/// Enums and structs as pipec's models use them.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, PartialOrd)]
enum Shape {
    Unit,
    Circle(f64),
    Rect { w: u32, h: u32 },
    Pair(String, i64),
    List(Vec<String>),
    Nested(Box<Shape>),
    Map(BTreeMap<String, String>),
    Empty {},
    Script(String),
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(untagged)]
enum IntOrString {
    Int(i64),
    Str(String),
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Model {
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    maybe: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    shapes: Vec<Shape>,
    port: IntOrString,
    labels: BTreeMap<String, String>,
    shape: Shape,
    ratio: f32,
    big: u128,
    #[serde(default)]
    unit: (),
}

fn shapes() -> Vec<Shape> {
    vec![
        Shape::Unit,
        Shape::Circle(2.5),
        Shape::Rect { w: 1, h: 2 },
        Shape::Pair("yes".into(), -3),
        Shape::List(vec!["a".into(), "b: c".into()]),
        Shape::List(vec![]),
        Shape::Nested(Box::new(Shape::Rect { w: 3, h: 4 })),
        Shape::Nested(Box::new(Shape::List(vec!["x".into()]))),
        Shape::Map(BTreeMap::from([("k".into(), "v".into())])),
        Shape::Map(BTreeMap::new()),
        Shape::Empty {},
        Shape::Script("set -e\nrun\n".into()),
    ]
}

#[test]
fn enums_and_structs_match_reference_and_read_back() {
    for shape in shapes() {
        let model = Model {
            name: "n".into(),
            maybe: Some("0755".into()),
            shapes: shapes(),
            port: IntOrString::Str("8080".into()),
            labels: BTreeMap::from([("app".into(), "on".into())]),
            shape: shape.clone(),
            ratio: 0.1,
            big: u128::MAX,
            unit: (),
        };
        for yaml in [write(&model), write(&vec![model.clone()]), write(&shape)] {
            let doc: &dyn erased::Doc = if yaml.starts_with("- name") {
                &vec![model.clone()]
            } else if yaml.starts_with("name") {
                &model
            } else {
                &shape
            };
            assert_eq!(yaml, doc.reference(), "{shape:?}");
        }
        let back: Model = serde_saphyr::from_str(&write(&model)).expect("reads back");
        assert_eq!(back, model);
        let back: Shape = serde_saphyr::from_str(&write(&shape)).expect("reads back");
        assert_eq!(back, shape);
    }
}

/// Lets the test above hold differently typed documents behind one reference.
mod erased {
    pub trait Doc {
        fn reference(&self) -> String;
    }

    impl<T: serde::Serialize> Doc for T {
        fn reference(&self) -> String {
            super::reference(self)
        }
    }
}

/// Strings drawn mostly from the characters that matter to YAML.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[-.:#?&*!|>'\"%@`,\\[\\]{}~<=0-9eExXoObB_+ \\t\\nyYnNtTfFlLaAsS\u{a0}\u{3000}\u{85}\u{feff}\u{2028}\\r]{0,8}",
        prop::sample::select(TRICKY).prop_map(str::to_owned),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((tricky_string(), inner), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn matches_serde_saphyr(doc in value()) {
        prop_assert_eq!(write(&doc), reference(&doc));
    }

    #[test]
    fn reads_back_as_written(doc in value()) {
        let yaml = write(&doc);
        let back: Value = serde_saphyr::from_str(&yaml).expect("reads back");
        prop_assert_eq!(back, doc, "{}", yaml);
    }

    #[test]
    fn strings_read_back(s in tricky_string()) {
        let doc = json!({ "v": s.clone(), s.clone(): [s] });
        let yaml = write(&doc);
        prop_assert_eq!(&yaml, &reference(&doc));
        let back: Value = serde_saphyr::from_str(&yaml).expect("reads back");
        prop_assert_eq!(back, doc, "{}", yaml);
    }
}

/// A deterministic batch of tricky strings for the YAML 1.1 reader (one process for all).
fn string_batch() -> Vec<String> {
    const PIECES: &[&str] = &[
        "y", "n", "on", "off", "yes", "no", "true", "null", "~", "0", "7", "9", "0x", "0o", "0b",
        "_", ".", ":", "-", "+", "e", "E", "inf", "nan", " ", "#", "2024", "-06", "-01", "T",
        "12:30:00", "Z", "a", "<<", "=", "\t", "\n",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut batch: Vec<String> = TRICKY.iter().map(|s| (*s).to_owned()).collect();
    for _ in 0..5000 {
        let len = 1 + (next() % 4) as usize;
        batch.push(
            (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect(),
        );
    }
    batch
}

/// PyYAML (YAML 1.1, what the KFP SDK reads with, and close to Kubernetes' Go reader) reads every
/// string back as itself, as value and as key. Skipped without the conformance venv.
#[test]
fn yaml_1_1_reader_reads_strings_back() {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv/bin/python");
    if !python.exists() {
        eprintln!(
            "skipped: no {} (tests/conformance/bootstrap.sh)",
            python.display()
        );
        return;
    }
    let strings: Vec<Value> = string_batch()
        .into_iter()
        .filter(|s| {
            !s.contains([
                '\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}', '\u{fffe}',
            ])
        })
        .map(Value::String)
        .collect();
    let docs: Vec<Value> = strings
        .iter()
        .map(|s| json!({ "v": s, "l": [s], "k": { s.as_str().unwrap(): 1 } }))
        .collect();
    let dir = std::env::temp_dir().join(format!("pipec-yaml11-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("docs.yaml"), to_yaml(&docs).unwrap()).unwrap();
    std::fs::write(dir.join("docs.json"), serde_json::to_string(&docs).unwrap()).unwrap();
    let script = "import json,sys,yaml\n\
        read=list(yaml.safe_load_all(open(sys.argv[1],encoding='utf-8')))\n\
        meant=json.load(open(sys.argv[2],encoding='utf-8'))\n\
        bad=[(m,r) for m,r in zip(meant,read) if m!=r]\n\
        print(len(read),len(meant))\n\
        [print(repr(m),'->',repr(r)) for m,r in bad[:20]]\n\
        sys.exit(1 if bad or len(read)!=len(meant) else 0)\n";
    let run = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(dir.join("docs.yaml"))
        .arg(dir.join("docs.json"))
        .output()
        .expect("python runs");
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        run.status.success(),
        "PyYAML read differently:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[path = "../benches/shapes.rs"]
mod shapes;

/// The benchmark models (every shape, both targets) come out of both writers byte for byte the
/// same: the goldens cover every kind of field, these cover size and repetition. The speed of the
/// two is compared by `cargo bench -p pipec-compiler --bench compile` (`emit_*`, `saphyr_*`).
#[test]
fn benchmark_models_are_written_as_serde_saphyr_writes_them() {
    let options = pipec_compiler::Options::default();
    for shape in shapes::Shape::ALL {
        let checked = pipec_dsl::validate(shape.build(300)).unwrap();
        let kfp = pipec_compiler::kfp::lower(&checked, &options.kfp).unwrap();
        assert_eq!(
            write(&kfp.spec),
            reference(&kfp.spec),
            "{} kfp",
            shape.name()
        );
        let argo = pipec_compiler::argo::lower(&checked, &options.argo).unwrap();
        assert_eq!(write(&argo), reference(&argo), "{} argo", shape.name());
    }
}
