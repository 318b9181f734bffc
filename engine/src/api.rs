//! The public, safe embedding API: [`Runtime`], [`Context`], [`JsValue`].

/// Options for [`Context::eval_with`].
#[derive(Clone, Copy, Debug, Default)]
pub struct EvalOptions {
    /// Evaluate the script as strict mode code (as if it began with `"use strict"`).
    pub strict: bool,
    /// Evaluate as a module instead of a classic script.
    pub module: bool,
}

/// Memory statistics of a runtime.
#[derive(Clone, Debug, Default)]
pub struct MemoryUsage {
    /// Bytes currently allocated by the engine for heap cells.
    pub bytes: usize,
    /// Live cells by kind name (e.g. `("object", 12)`).
    pub cells_by_kind: Vec<(&'static str, usize)>,
}

/// A runtime: heap, atoms, shapes, limits. Cloning gives another handle to the same runtime.
#[derive(Clone)]
pub struct Runtime {}

impl Default for Runtime {
    fn default() -> Self {
        Self::new()
    }
}

impl Runtime {
    /// Creates a runtime with default limits.
    pub fn new() -> Runtime {
        Runtime {}
    }
    /// Sets the memory limit in bytes (`None` for no limit).
    pub fn set_memory_limit(&self, _limit: Option<usize>) {}
    /// Sets the maximum native stack the engine may use, in bytes.
    pub fn set_max_stack_size(&self, _bytes: usize) {}
    /// Installs an interrupt handler, polled on backward jumps, calls and long native loops.
    /// Returning `true` interrupts the running script with an uncatchable error.
    pub fn set_interrupt_handler(&self, _handler: Option<Box<dyn FnMut() -> bool>>) {}
    /// Runs the cycle collector.
    pub fn run_gc(&self) {}
    /// Current memory statistics.
    pub fn memory_usage(&self) -> MemoryUsage {
        MemoryUsage::default()
    }
    /// Installs the module loader: given the referrer's name and the specifier, it returns
    /// the resolved module name and its source text, or an error message.
    pub fn set_module_loader(
        &self,
        _loader: Option<Box<dyn Fn(&str, &str) -> Result<(String, String), String>>>,
    ) {
    }
    /// Runs queued jobs (promise reactions) until the queue is empty.
    pub fn run_pending_jobs(&self) -> Result<usize, JsError> {
        Ok(0)
    }
}

/// A realm inside a runtime: its own global object and intrinsics.
#[derive(Clone)]
pub struct Context {}

impl Context {
    /// Creates a new realm in `rt`.
    pub fn new(_rt: &Runtime) -> Context {
        Context {}
    }
    /// Evaluates a classic script in sloppy mode.
    pub fn eval(&self, source: &str, filename: &str) -> Result<JsValue, JsError> {
        self.eval_with(source, filename, EvalOptions::default())
    }
    /// Evaluates a script or module with options.
    pub fn eval_with(
        &self,
        _source: &str,
        _filename: &str,
        _opts: EvalOptions,
    ) -> Result<JsValue, JsError> {
        Err(JsError {
            value: JsValue {},
            message: "not implemented".into(),
            stack: None,
            is_syntax_error: false,
            is_interrupted: false,
        })
    }
    /// The global object.
    pub fn global(&self) -> JsObject {
        JsObject {}
    }
    /// Creates an empty plain object.
    pub fn new_object(&self) -> JsObject {
        JsObject {}
    }
    /// The runtime this realm belongs to.
    pub fn runtime(&self) -> Runtime {
        Runtime {}
    }
    /// Creates an object that behaves like the `[[IsHTMLDDA]]` objects of Annex B
    /// (`typeof` gives `"undefined"`, it is falsy, calling it returns `null`); for conformance testing.
    pub fn new_html_dda(&self) -> JsValue {
        JsValue {}
    }
    /// Detaches an ArrayBuffer (`DetachArrayBuffer`); throws a TypeError for anything else.
    pub fn detach_array_buffer(&self, _v: &JsValue) -> Result<(), JsValue> {
        Err(JsValue {})
    }
    /// Creates a string value.
    pub fn new_string(&self, _s: &str) -> JsValue {
        JsValue {}
    }
    /// Creates a function object backed by a Rust closure. The closure receives the
    /// context, `this` and the arguments, and returns a value or a thrown value.
    pub fn new_function(
        &self,
        _name: &str,
        _length: u32,
        _f: impl Fn(&Context, &JsValue, &[JsValue]) -> Result<JsValue, JsValue> + 'static,
    ) -> JsObject {
        JsObject {}
    }
    /// Defines a global function backed by a Rust closure.
    pub fn set_global_function(
        &self,
        name: &str,
        length: u32,
        f: impl Fn(&Context, &JsValue, &[JsValue]) -> Result<JsValue, JsValue> + 'static,
    ) {
        let f = self.new_function(name, length, f);
        let _ = self.global().set(self, name, &f.into());
    }
    /// Creates an error object of the given constructor name (`"TypeError"`, ...).
    pub fn new_error(&self, _name: &str, _message: &str) -> JsValue {
        JsValue {}
    }
    /// ToString of a value, as JavaScript's `String(v)`.
    pub fn to_string(&self, _v: &JsValue) -> Result<String, JsError> {
        Ok(String::new())
    }
}

/// A JavaScript value held by the embedder; keeps what it references alive.
#[derive(Clone)]
pub struct JsValue {}

impl JsValue {
    /// `undefined`.
    pub fn undefined() -> JsValue {
        JsValue {}
    }
    /// The number value, if this is a Number.
    pub fn as_f64(&self) -> Option<f64> {
        None
    }
    /// The object, if this is an object.
    pub fn as_object(&self) -> Option<JsObject> {
        None
    }
}

/// A JavaScript object held by the embedder.
#[derive(Clone)]
pub struct JsObject {}

impl From<JsObject> for JsValue {
    fn from(_o: JsObject) -> JsValue {
        JsValue {}
    }
}

impl JsObject {
    /// `obj[key]`.
    pub fn get(&self, _ctx: &Context, _key: &str) -> Result<JsValue, JsError> {
        Ok(JsValue {})
    }
    /// `obj[key] = value`.
    pub fn set(&self, _ctx: &Context, _key: &str, _value: &JsValue) -> Result<(), JsError> {
        Ok(())
    }
}

/// A thrown JavaScript value, with its message and stack.
#[derive(Clone)]
pub struct JsError {
    /// The thrown value.
    pub value: JsValue,
    /// `String(value)`, or the error's message.
    pub message: String,
    /// The `stack` property of the thrown error, if any.
    pub stack: Option<String>,
    /// Whether the error was raised while parsing (early error).
    pub is_syntax_error: bool,
    /// Whether the script was stopped by the interrupt handler.
    pub is_interrupted: bool,
}

impl std::fmt::Debug for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::fmt::Display for JsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for JsError {}
