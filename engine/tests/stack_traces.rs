//! `Error.prototype.stack`: one line per active frame, across calls made
//! in the dispatch loop, from native code, and in generators, each at the
//! right source line.

use engine::{Context, Runtime};

fn eval_string(src: &str) -> String {
    let rt = Runtime::new();
    let ctx = Context::new(&rt);
    let v = ctx.eval(src, "t.js").expect("script runs");
    v.as_string().expect("a string")
}

/// The `file:line` of each frame of a stack string.
fn lines(stack: &str) -> Vec<String> {
    stack
        .lines()
        .map(|l| {
            let l = l.trim();
            let name = l
                .strip_prefix("at ")
                .and_then(|r| r.split(' ').next())
                .unwrap_or("");
            let line = l
                .split("t.js:")
                .nth(1)
                .and_then(|r| r.split(':').next())
                .unwrap_or("");
            format!("{name}:{line}")
        })
        .collect()
}

#[test]
fn frames_of_nested_calls() {
    let s = eval_string(
        "function a() {\n\
           return new Error('x').stack;\n\
         }\n\
         function b() {\n\
           var s = a();\n\
           return s;\n\
         }\n\
         b();\n",
    );
    assert_eq!(lines(&s), ["a:2", "b:5", "<eval>:8"]);
}

#[test]
fn line_after_a_nested_activation_returned() {
    // `String(o)` calls `toString` and `valueOf` in nested activations and
    // then throws: the error belongs to the line of the `String` call.
    let s = eval_string(
        "function f() {\n\
           var o = {\n\
             toString: function () { return {}; },\n\
             valueOf: function () {\n\
               var t = {};\n\
               return t;\n\
             },\n\
           };\n\
           try {\n\
             String(o);\n\
           } catch (e) {\n\
             return e.stack;\n\
           }\n\
         }\n\
         f();\n",
    );
    assert_eq!(lines(&s), ["f:10", "<eval>:15"]);
}

#[test]
fn frames_through_callbacks_and_generators() {
    let s = eval_string(
        "function inner() {\n\
           return new Error('x').stack;\n\
         }\n\
         function* g() {\n\
           yield 1;\n\
           yield [0].map(function cb() {\n\
             return inner();\n\
           })[0];\n\
         }\n\
         var it = g();\n\
         it.next();\n\
         it.next().value;\n",
    );
    let l = lines(&s);
    assert_eq!(l[0], "inner:2");
    assert_eq!(l[1], "cb:7");
    // The native `map` has no line of its own.
    assert!(l.contains(&"g:6".to_string()), "{l:?}");
    assert_eq!(l.last().map(String::as_str), Some("<eval>:12"));
}

#[test]
fn line_of_a_throw_after_a_call_returned() {
    let s = eval_string(
        "function id(x) {\n\
           return x;\n\
         }\n\
         function f() {\n\
           id(1);\n\
           null.p;\n\
         }\n\
         var r;\n\
         try {\n\
           f();\n\
         } catch (e) {\n\
           r = e.stack;\n\
         }\n\
         r;\n",
    );
    assert_eq!(lines(&s), ["f:6", "<eval>:10"]);
}

#[test]
fn deep_recursion_is_a_range_error_and_traces_still_work() {
    let s = eval_string(
        "function f(n) { return f(n + 1) + 1; }\n\
         var r;\n\
         try {\n\
           f(0);\n\
         } catch (e) {\n\
           r = e instanceof RangeError ? 'ok' : 'bad';\n\
         }\n\
         function g() {\n\
           return new Error('y').stack;\n\
         }\n\
         r + '|' + g();\n",
    );
    let (r, stack) = s.split_once('|').expect("two parts");
    assert_eq!(r, "ok");
    assert_eq!(lines(stack), ["g:9", "<eval>:11"]);
}
