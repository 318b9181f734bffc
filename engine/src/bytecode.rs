//! The bytecode: the opcode table, compiled functions, and the disassembler.
//!
//! Every opcode is declared once, in [`opcodes!`]'s invocation below, with its
//! operand format, how many stack values it pops and pushes, and a one-line
//! description. The `Op` enum, the `OP_INFO` table used by the disassembler
//! and the stack-depth checker, and the decoder are all expanded from it.
//! `npop`/`npush` of `-1` mean "depends on the operand" (calls).

use std::fmt::Write as _;

use crate::atom::{Atom, AtomTable};
use crate::gc::{CellKind, Gc, Trace, Tracer};
use crate::value::Value;

/// Operand formats.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Fmt {
    None,
    /// i8 immediate.
    I8,
    /// i32 immediate.
    I32,
    /// u16: local, cell, var ref or argument count.
    U16,
    /// u32: constant-pool or function index.
    U32,
    /// u32 atom.
    Atom,
    /// u32 atom then u16 scope (unresolved variable access).
    AtomScope,
    /// i32 jump offset relative to the end of the instruction (label id before resolution).
    Label,
    /// u16 scope (scope markers before resolution).
    Scope,
    /// u32 line then u32 column (position marker before resolution).
    Pos,
    /// u32 atom then u8 flags.
    AtomU8,
    /// u32 atom then u16 inline-cache slot.
    AtomCache,
    /// u32 atom then i32 jump offset (label id before resolution).
    AtomLabel,
    /// Two u16: argument count and eval-site index (direct eval).
    U16U16,
}

impl Fmt {
    pub(crate) const fn size(self) -> usize {
        match self {
            Fmt::None => 0,
            Fmt::I8 => 1,
            Fmt::U16 | Fmt::Scope => 2,
            Fmt::I32 | Fmt::U32 | Fmt::Atom | Fmt::Label | Fmt::U16U16 => 4,
            Fmt::AtomScope | Fmt::AtomCache => 6,
            Fmt::AtomU8 => 5,
            Fmt::Pos | Fmt::AtomLabel => 8,
        }
    }
}

pub(crate) struct OpInfo {
    pub(crate) name: &'static str,
    pub(crate) fmt: Fmt,
    pub(crate) npop: i8,
    pub(crate) npush: i8,
    #[allow(dead_code)]
    pub(crate) doc: &'static str,
}

macro_rules! opcodes {
    ($( $op:ident $fmt:ident $pop:literal $push:literal $doc:literal; )*) => {
        /// A bytecode instruction's opcode.
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        #[repr(u8)]
        pub(crate) enum Op { $($op),* }

        /// Name, operand format, stack effect and description of each opcode.
        pub(crate) static OP_INFO: &[OpInfo] = &[
            $(OpInfo { name: stringify!($op), fmt: Fmt::$fmt, npop: $pop, npush: $push, doc: $doc }),*
        ];

        const OP_LIST: &[Op] = &[$(Op::$op),*];

        /// Instruction sizes (opcode byte included), indexed by opcode.
        static OP_SIZE: [u8; OP_LIST.len()] = [$(1 + Fmt::$fmt.size() as u8),*];

        /// Each opcode's byte, for matching raw code bytes in the dispatch loop.
        #[allow(non_upper_case_globals, dead_code)]
        pub(crate) mod opb {
            $(pub(crate) const $op: u8 = super::Op::$op as u8;)*
        }
    };
}

opcodes! {
    // Constants.
    PushUndefined None 0 1 "-> undefined";
    PushNull None 0 1 "-> null";
    PushTrue None 0 1 "-> true";
    PushFalse None 0 1 "-> false";
    PushI8 I8 0 1 "-> small integer";
    PushI32 I32 0 1 "-> integer";
    PushConst U32 0 1 "-> constant-pool value (number or string)";
    PushAtom Atom 0 1 "-> the atom's text as a string";
    PushThis None 0 1 "-> the frame's this value";
    PushUninit None 0 1 "-> the internal uninitialized marker";
    // Stack manipulation.
    Drop None 1 0 "a ->";
    Dup None 1 2 "a -> a a";
    Dup2 None 2 4 "a b -> a b a b";
    Swap None 2 2 "a b -> b a";
    Nip None 2 1 "a b -> b";
    Rot3L None 3 3 "x a b -> a b x";
    Insert2 None 2 3 "a b -> b a b";
    Insert3 None 3 4 "a b c -> c a b c";
    Insert4 None 4 5 "a b c d -> d a b c d";
    Pick I8 0 1 "-> a copy of the value n (unsigned) below the top; 0 is the top";
    // Unresolved variable access (rewritten by the resolver).
    ScopeGetVar AtomScope 0 1 "-> value of the named variable";
    ScopeTypeofVar AtomScope 0 1 "-> value, or undefined for an unresolvable reference";
    ScopePutVar AtomScope 1 0 "v -> ; assignment";
    ScopePutVarInit AtomScope 1 0 "v -> ; initialization of a declaration";
    ScopeDeleteVar AtomScope 0 1 "-> delete result";
    ScopeMakeRef AtomScope 0 0 "evaluates the name as a Reference that a later ScopePutRef stores through";
    ScopeGetRef AtomScope 0 1 "-> value ; evaluates the name as a Reference and reads it";
    ScopePutRef AtomScope 1 0 "v -> ; PutValue through the Reference of the matching MakeRef/GetRef";
    ScopeGetCallee AtomScope 0 2 "-> this f ; the named function and the this value of its Reference";
    EnterScope Scope 0 0 "marks entry to a block scope";
    PerIterationCopy Scope 0 0 "fresh copies of a loop scope's captured bindings";
    AnnexBCopy U16 0 0 "a block-level function declaration is evaluated (B.3.2): copy it to its var binding";
    Label U32 0 0 "marks a jump target (label id)";
    Position Pos 0 0 "marks the source position of the next instruction";
    // Resolved variable access.
    GetLoc U16 0 1 "-> local";
    PutLoc U16 1 0 "v -> ; local = v";
    GetLocCheck U16 0 1 "-> local, ReferenceError if uninitialized";
    PutLocCheck U16 1 0 "v -> ; ReferenceError if uninitialized";
    SetLocUninit U16 0 0 "local = uninitialized";
    GetCell U16 0 1 "-> captured local";
    PutCell U16 1 0 "v -> ";
    GetCellCheck U16 0 1 "-> captured local, ReferenceError if uninitialized";
    PutCellCheck U16 1 0 "v -> ; ReferenceError if uninitialized";
    NewCell U16 0 0 "cell = new cell holding uninitialized";
    NewCellUndef U16 0 0 "cell = new cell holding undefined";
    CellFromLoc U16 0 0 "cell[n] = new cell holding local[n] (captured parameters)";
    CopyCell U16 0 0 "cell = new cell holding the old cell's value";
    GetVarRef U16 0 1 "-> closure variable";
    PutVarRef U16 1 0 "v -> ";
    GetVarRefCheck U16 0 1 "-> closure variable, ReferenceError if uninitialized";
    PutVarRefCheck U16 1 0 "v -> ; ReferenceError if uninitialized";
    GetGlobal AtomCache 0 1 "-> global variable, ReferenceError if missing";
    GetGlobalUndef AtomCache 0 1 "-> global variable or undefined (typeof)";
    PutGlobal AtomCache 1 0 "v -> ; strict: ReferenceError if missing";
    PutGlobalSloppy AtomCache 1 0 "v -> ; creates the global property if missing";
    PutGlobalInit Atom 1 0 "v -> ; initializes a global lexical binding";
    DeleteGlobal Atom 0 1 "-> delete result";
    CheckGlobalLex Atom 0 0 "SyntaxError if a global let/const/class may not be declared";
    CheckGlobalVarName Atom 0 0 "SyntaxError if a global lexical binding has the var's name";
    CheckGlobalFunc Atom 0 0 "TypeError if the global function may not be declared";
    CheckGlobalVar Atom 0 0 "TypeError if the global var may not be declared";
    GlobalAnnexBVar AtomU8 0 1 "-> bool ; var binding for a block-level function if possible (flag 1 = deletable)";
    DefineGlobalVar AtomU8 0 0 "declares a global var, undefined if absent (flag 1 = deletable)";
    DefineGlobalFunc AtomU8 1 0 "f -> ; declares a global function (flag 1 = deletable)";
    DefineGlobalLex AtomU8 0 0 "declares a global let/const (flag 1 = const)";
    GetCallee None 0 1 "-> the running function";
    ThrowConstAssign Atom 0 0 "throws TypeError: assignment to constant";
    SpecialObject I8 0 1 "-> arguments (0), mapped arguments (1), new.target (2), variable environment (3), home object (4)";
    // Objects and properties.
    NewObject U16 0 1 "-> {} ; the operand is how many properties the literal defines (a capacity hint)";
    NewArray U16 0 1 "-> [] ; the operand is how many elements the literal has (a capacity hint)";
    AppendElem None 2 1 "arr v -> arr ; push";
    AppendHole None 1 1 "arr -> arr ; length += 1";
    AppendSpread None 2 1 "arr iterable -> arr ; appends every value of the iterable (spread)";
    ArrayFrom U16 -1 1 "v1 ... vn -> [v1, ..., vn]";
    CopyDataProperties None 2 1 "obj src -> obj ; copies src's own enumerable properties (object spread)";
    RestObject None 2 1 "src keys -> new object with src's own enumerable properties not in the keys array";
    DefineField Atom 2 1 "obj v -> obj ; define own data property";
    DefineComputed None 3 1 "obj key v -> obj";
    DefineGetter Atom 2 1 "obj f -> obj";
    DefineSetter Atom 2 1 "obj f -> obj";
    DefineComputedGetter None 3 1 "obj key f -> obj";
    DefineComputedSetter None 3 1 "obj key f -> obj";
    SetProtoLiteral None 2 1 "obj proto -> obj ; __proto__: in a literal";
    SetFunctionName Atom 1 1 "f -> f ; names an anonymous function";
    SetFunctionNameComputed None 2 2 "key f -> key f";
    GetField AtomCache 1 1 "obj -> obj.atom";
    GetField2 AtomCache 1 2 "obj -> obj obj.atom";
    PutField AtomCache 2 0 "obj v -> ; obj.atom = v";
    GetElem None 2 1 "obj key -> obj[key]";
    GetElem2 None 2 2 "obj key -> obj obj[key]";
    PutElem None 3 0 "obj key v -> ; obj[key] = v";
    GetLength AtomCache 1 1 "obj -> obj.length ; GetField of `length` (peephole) with array and string fast cases";
    GetElemRef None 2 3 "obj key -> obj key' obj[key'] ; key' = ToPropertyKey(key) (TypeError first for null/undefined obj)";
    DeleteField AtomCache 1 1 "obj -> bool";
    DeleteElem None 2 1 "obj key -> bool";
    ToPropertyKey None 2 2 "obj v -> obj key ; TypeError first when obj is null/undefined";
    ToObjectCheck None 1 1 "v -> v ; TypeError for null/undefined";
    ToObject None 1 1 "v -> ToObject(v)";
    WithGetVar AtomLabel 1 0 "obj -> ; if obj has the name: push its value and jump";
    WithPutVar AtomLabel 2 1 "v obj -> v ; if obj has the name: store v into it, pop v and jump";
    WithDeleteVar AtomLabel 1 0 "obj -> ; if obj has the name: push delete result and jump";
    WithFindRef AtomLabel 1 0 "obj -> ; if obj has the name: push obj and jump";
    WithGetCallee AtomLabel 1 0 "obj -> ; if obj has the name: push obj and its value, and jump";
    RefGetVar AtomLabel 1 0 "base -> ; if base is an object: push its property and jump";
    RefPutVar AtomLabel 2 1 "v base -> v ; if base is an object: store v into it, pop v and jump";
    RegExp None 2 1 "source flags -> new RegExp";
    TemplateObject U16 0 1 "-> the template object of tagged template site n";
    // Calls.
    Call U16 -1 1 "f args... -> result";
    CallMethod U16 -1 1 "this f args... -> result";
    CallEval U16U16 -1 1 "f args... -> result ; a direct eval (scope description n) when f is %eval%";
    New U16 -1 1 "f args... -> object";
    ApplyCall None 2 1 "f arr -> result ; call with the array's elements as arguments (spread)";
    ApplyMethod None 3 1 "this f arr -> result";
    ApplyNew None 2 1 "f arr -> object";
    ApplyEval U16 2 1 "f arr -> result ; CallEval with spread arguments (eval-site operand)";
    Return None 1 0 "v -> ; return";
    ReturnUndef None 0 0 "return undefined";
    FClosure U32 0 1 "-> new closure for nested function n";
    // Control flow.
    Goto Label 0 0 "jump";
    IfFalse Label 1 0 "v -> ; jump if falsy";
    IfTrue Label 1 0 "v -> ; jump if truthy";
    Throw None 1 0 "v -> ; throw";
    ThrowError AtomU8 0 0 "throws an error of kind u8 with the atom as message";
    PushCatch Label 0 0 "installs an exception handler";
    PopCatch None 0 0 "removes the innermost exception handler";
    Gosub Label 0 1 "-> return address ; jump to a finally block";
    Ret None 1 0 "addr -> ; return from a finally block";
    ForInStart None 1 1 "obj -> iterator";
    GetIterator None 1 2 "obj -> iterator next ; GetIterator(obj, sync)";
    IteratorNext None 2 4 "it next -> it next value done";
    IteratorClose None 2 0 "it next -> ; calls it.return() if present";
    IteratorValue I8 0 1 "it next x1..xn -> it next x1..xn v ; steps the iterator n (unsigned) values below the top; undefined once done";
    IteratorRest I8 0 1 "it next x1..xn -> it next x1..xn arr ; the iterator's remaining values (n as for IteratorValue)";
    IteratorCloseAt U16 0 0 "closes the iterator whose record is n values below the top, marking it done (return out of for-of)";
    IteratorCloseDone None 2 0 "it next -> ; IteratorClose unless the iterator is done";
    IteratorCloseThrow None 3 1 "it next exc -> exc ; IteratorClose unless done, ignoring its errors (§7.4.11 step 5)";
    ForInNext None 1 3 "it -> it key done";
    // Async iteration (§27.1.3, §14.7.5.7).
    GetAsyncIterator None 1 2 "obj -> iterator next ; GetIterator(obj, async)";
    AsyncIteratorNext None 2 4 "it next -> it done next result ; calls next(); the record reads as done (`Uninit`) until AsyncIteratorResult";
    AsyncIteratorResult None 4 4 "it done next result -> it next value done ; checks and unpacks an awaited iterator result";
    AsyncIteratorReturn U16 0 2 "-> result called ; calls return() of the iterator whose record is n values below the top and marks it done; `called` is false (result undefined) when it is done or has no return method";
    AsyncIteratorReturnThrow None 3 3 "it next exc -> exc result called ; the same, for a throw completion: errors are ignored";
    AsyncDelegateStep None 4 4 "it next received how -> it next r action ; one call of yield* in an async generator (action 0: await r, 1: no return method, await r and return it, 2: no throw method, 3: await the result of return)";
    AsyncDelegateResult None 4 4 "it next action r -> it next value kind ; unpacks an awaited inner result of yield* (kind 0: not done, 1: done, 2: done after return)";
    CheckObject None 1 0 "v -> ; TypeError unless v is an object (the awaited result of an iterator's return())";
    // Generators (§27.5).
    InitialYield None 0 0 "suspends a generator function's new frame; its call returns the generator object";
    Yield I8 1 2 "v -> received how ; suspends the generator with v (mode 0: plain, `how` is true for a return; mode 1: yield*, v is passed through and `how` is 0 next, 1 throw, 2 return; mode 2: await, `how` is false; mode 3: await, `how` is true for a rejection, which is not thrown)";
    DelegateStep None 2 2 "it next received how -> it next result action ; one step of yield* (action 0: yield result, 1: done with value, 2: return value)";
    // Modules (§16.2).
    ImportMeta U32 0 1 "-> import.meta of referrer n (module code)";
    DynamicImport U32 3 1 "specifier options phase -> promise ; import() (phase 0), import.source() (1) or import.defer() (2) from the code of referrer n";
    Debugger None 0 0 "debugger statement";
    Nop None 0 0 "no operation";
    // Operators.
    Add None 2 1 "a b -> a + b";
    Sub None 2 1 "a b -> a - b";
    Mul None 2 1 "a b -> a * b";
    Div None 2 1 "a b -> a / b";
    Mod None 2 1 "a b -> a % b";
    Pow None 2 1 "a b -> a ** b";
    Shl None 2 1 "a b -> a << b";
    Sar None 2 1 "a b -> a >> b";
    Shr None 2 1 "a b -> a >>> b";
    BitAnd None 2 1 "a b -> a & b";
    BitOr None 2 1 "a b -> a | b";
    BitXor None 2 1 "a b -> a ^ b";
    Lt None 2 1 "a b -> a < b";
    Le None 2 1 "a b -> a <= b";
    Gt None 2 1 "a b -> a > b";
    Ge None 2 1 "a b -> a >= b";
    Eq None 2 1 "a b -> a == b";
    Ne None 2 1 "a b -> a != b";
    StrictEq None 2 1 "a b -> a === b";
    StrictNe None 2 1 "a b -> a !== b";
    InstanceOf None 2 1 "a b -> a instanceof b";
    In None 2 1 "a b -> a in b";
    Neg None 1 1 "a -> -a";
    Plus None 1 1 "a -> +a";
    Not None 1 1 "a -> !a";
    BitNot None 1 1 "a -> ~a";
    Typeof None 1 1 "a -> typeof a";
    Inc None 1 1 "a -> a + 1";
    Dec None 1 1 "a -> a - 1";
    ToNumeric None 1 1 "a -> ToNumeric(a)";
    IsNullish None 1 1 "a -> a === null || a === undefined";
    ToStr None 1 1 "a -> ToString(a) (template literals)";
    Rest U16 0 1 "-> array of the arguments from index n";
    // Classes (§15.7) and super (§13.3.7).
    DefineClass None 2 2 "parent ctor -> ctor proto ; ClassDefinitionEvaluation steps 5-16 (parent is uninitialized without a heritage)";
    DefineMethod AtomU8 3 2 "ctor proto f -> ctor proto ; defines a method (u8: 1 static, 2 getter, 4 setter) with its home object";
    DefineMethodComputed I8 4 2 "ctor proto key f -> ctor proto ; DefineMethod keyed by a value";
    PrivateMethod AtomU8 3 3 "ctor proto f -> ctor proto f ; home object and name (the atom) of a private method (u8 as DefineMethod)";
    SetHomeObject I8 0 0 "obj [key] f -> obj [key] f ; f's home object is obj, n (1 or 2) values below f (object literal methods)";
    SetClassFields None 3 2 "ctor proto f -> ctor proto ; f initializes the instances' elements";
    RunStaticInit None 2 1 "ctor f -> ctor ; runs the static elements' initializer with this = ctor";
    InitInstance None 2 0 "obj ctor -> ; InitializeInstanceElements (§7.3.34)";
    NewPrivateName Atom 0 1 "-> a new Private Name described by the atom";
    GetPrivateField AtomCache 2 1 "obj name -> value ; PrivateGet";
    GetPrivateField2 AtomCache 2 2 "obj name -> obj value";
    PutPrivateField AtomCache 3 0 "obj name v -> ; PrivateSet";
    DefinePrivateField None 3 0 "obj name v -> ; PrivateFieldAdd";
    DefinePrivateMethod None 3 0 "obj name f -> ; PrivateMethodOrAccessorAdd for a method";
    DefinePrivateAccessor None 4 0 "obj name getter setter -> ; PrivateMethodOrAccessorAdd for an accessor";
    PrivateIn None 2 1 "name obj -> bool ; `#x in obj`";
    DefineClassField None 3 0 "obj key v -> ; CreateDataPropertyOrThrow (public fields)";
    GetPrototypeOf None 1 1 "o -> o.[[GetPrototypeOf]]() (null if none; super constructor, super base)";
    SuperCall U16 -1 1 "parent args... newTarget -> result ; super(...) (TypeError if parent is not a constructor)";
    ApplySuper None 3 1 "parent arr newTarget -> result ; super(...) with spread arguments";
    SuperForward None 0 1 "-> result ; a default derived constructor's super(...args)";
    ThisBindCheck None 2 1 "v this -> v ; ReferenceError if this is already initialized";
    DerivedReturn None 2 1 "v this -> result ; a derived constructor's result (§10.2.2 steps 10-12)";
    GetSuper None 3 1 "this base key -> base[key] with receiver this (base: the home object's prototype)";
    GetSuper2 None 3 2 "this base key -> this value";
    PutSuper None 4 0 "this base key v -> ; stores through base with receiver this";
    Dup3 None 3 6 "a b c -> a b c a b c";
    Rot4L None 4 4 "x a b c -> a b c x";
    ScopeGetVarRaw AtomScope 0 1 "-> value of the named variable, without the TDZ check";
    // Declarations of sloppy eval code (§19.2.1.3).
    EvalDefineVar Atom 1 0 "varenv -> ; creates a deletable var in a variable-environment object";
    EvalDefineFunc Atom 2 0 "varenv f -> ; creates or sets a function binding in a variable-environment object";
    EvalGlobalCheck AtomU8 0 0 "checks a global eval declaration can be made (u8: 0 var, 1 function)";
    EvalGlobalVar Atom 0 0 "declares a deletable global var (sloppy eval code)";
    EvalGlobalFunc Atom 1 0 "f -> ; declares a deletable global function (sloppy eval code)";
    // Short and fused forms made by the peephole pass (`compiler/peephole.rs`).
    SetLoc U16 1 1 "v -> v ; local = v";
    IncLoc U16 0 0 "local = ToNumeric(local) + 1 (`x++` / `++x` as a statement)";
    DecLoc U16 0 0 "local = ToNumeric(local) - 1";
    AddLoc U16 1 0 "v -> ; local = local + v (`x += v` as a statement)";
    IfLt Label 2 0 "a b -> ; jump if a < b";
    IfLe Label 2 0 "a b -> ; jump if a <= b";
    IfGt Label 2 0 "a b -> ; jump if a > b";
    IfGe Label 2 0 "a b -> ; jump if a >= b";
    IfNotLt Label 2 0 "a b -> ; jump unless a < b";
    IfNotLe Label 2 0 "a b -> ; jump unless a <= b";
    IfNotGt Label 2 0 "a b -> ; jump unless a > b";
    IfNotGe Label 2 0 "a b -> ; jump unless a >= b";
    PostIncLoc U16 0 1 "-> ToNumeric(local) ; local = that + 1 (`x++` whose value is used)";
    PostDecLoc U16 0 1 "-> ToNumeric(local) ; local = that - 1";
    // Explicit resource management (`using`, `await using`).
    NewDisposeCap None 0 1 "-> a new, empty DisposeCapability (a scope's, kept in a hidden local)";
    AddDisposable I8 2 1 "v cap -> v ; AddDisposableResource (i8 1: async-dispose)";
    DisposeSync None 1 0 "cap -> ; DisposeResources for a normal completion (throws its error)";
    DisposeSyncThrow None 2 1 "exc cap -> err ; DisposeResources for a throw completion: the error to throw";
    DisposeAsync None 1 2 "cap -> promise true | undefined false ; DisposeResources (async) for a normal completion: a promise to await unless it ended without awaiting";
    DisposeAsyncThrow None 2 2 "exc cap -> promise true | err false ; the same for a throw completion";
    IfNullish Label 1 1 "v -> v ; jump if v is null or undefined (an optional chain's `?.`)";
    NipCatch None 1 1 "v -> v ; drops the values above the innermost handler's stack mark (keeping the top) and removes the handler";
    IfEq Label 2 0 "a b -> ; jump if a == b (fused `Eq; IfTrue`)";
    IfNotEq Label 2 0 "a b -> ; jump unless a == b";
    IfStrictEq Label 2 0 "a b -> ; jump if a === b";
    IfNotStrictEq Label 2 0 "a b -> ; jump unless a === b";
    GetThisField AtomCache 0 1 "-> this.atom ; `PushThis; GetField` (peephole)";
    LazyArguments U16 0 1 "-> local ; a parameterless function's arguments object, read before `CallMethod 2` (see compiler/arguments.rs): with %Function.prototype.apply% as the method, calls the target with the frame's arguments and skips the CallMethod; otherwise creates the object first if the local does not hold it yet";
}

impl Op {
    #[inline(always)]
    pub(crate) fn from_u8(b: u8) -> Option<Op> {
        OP_LIST.get(b as usize).copied()
    }
    #[inline]
    pub(crate) fn info(self) -> &'static OpInfo {
        &OP_INFO[self as usize]
    }
    /// Instruction size in bytes, opcode included.
    #[inline(always)]
    pub(crate) fn size(self) -> usize {
        OP_SIZE[self as usize] as usize
    }
}

/// Error kinds for [`Op::ThrowError`].
pub(crate) mod throw_kind {
    pub(crate) const TYPE_ERROR: u8 = 0;
    pub(crate) const REFERENCE_ERROR: u8 = 1;
}

// A byte that is no opcode: `fetch` gives it past the end of the code.
const _: () = assert!(OP_LIST.len() < 255);
/// The opcode byte `fetch` gives at or past the end of the code.
pub(crate) const END_OF_CODE: u8 = 255;

/// The instruction at `pc` as one little-endian word: the opcode in the low
/// byte, then up to seven operand bytes. The resolver pads every function's
/// code with seven `END_OF_CODE` bytes, so the read is in bounds at every
/// pc up to the end, where it gives `END_OF_CODE` as the opcode (the slow
/// `fetch_tail` covers unpadded code and pcs past the end). Every
/// instruction the dispatch loop decodes itself fits in it, so its operands
/// are read with shifts and no further bounds checks.
#[inline(always)]
pub(crate) fn fetch(code: &[u8], pc: usize) -> u64 {
    // Code is far shorter than 4 GiB (jump offsets are 32-bit, frames keep
    // the pc in 32 bits): taking the pc as a 32-bit value lets `p + 8` be
    // known not to wrap, so the read costs one bounds check, not two.
    debug_assert!(pc <= u32::MAX as usize);
    let p = pc as u32 as usize;
    match code.get(p..p + 8).and_then(|w| w.first_chunk::<8>()) {
        Some(w) => u64::from_le_bytes(*w),
        None => fetch_tail(code, pc),
    }
}

#[cold]
#[inline(never)]
fn fetch_tail(code: &[u8], pc: usize) -> u64 {
    let mut w = [0u8; 8];
    match code.get(pc..) {
        Some(s) if !s.is_empty() => {
            let n = s.len().min(8);
            w[..n].copy_from_slice(&s[..n]);
        }
        _ => w[0] = END_OF_CODE,
    }
    u64::from_le_bytes(w)
}

#[inline(always)]
pub(crate) fn read_u16(code: &[u8], pc: usize) -> u16 {
    match code.get(pc..pc + 2) {
        Some(&[a, b]) => u16::from_le_bytes([a, b]),
        _ => 0,
    }
}

#[inline(always)]
pub(crate) fn read_u32(code: &[u8], pc: usize) -> u32 {
    match code.get(pc..pc + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

#[inline]
pub(crate) fn read_i32(code: &[u8], pc: usize) -> i32 {
    read_u32(code, pc) as i32
}

/// Where a closure gets each captured variable from when it is created.
#[derive(Clone, Copy, Debug)]
pub(crate) enum CaptureFrom {
    /// The creating frame's cell `n`.
    Cell(u16),
    /// The creating function's own closure variable `n`.
    VarRef(u16),
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct ClosureVarInfo {
    pub(crate) name: Atom,
    pub(crate) from: CaptureFrom,
}

/// What a binding seen from a direct eval call site is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum EvalRole {
    /// An ordinary binding (variable, parameter, `this`, ...).
    Binding,
    /// The hidden variable holding a `with` statement's object.
    With,
    /// The hidden variable holding the variable-environment object of a
    /// function with a sloppy direct eval (vars that eval code declares).
    VarEnv,
}

/// One entry of a direct eval site's scope description.
#[derive(Clone, Copy, Debug)]
pub(crate) struct EvalBinding {
    pub(crate) name: Atom,
    pub(crate) kind: crate::compiler::VarKind,
    /// A lexical declaration (a sloppy `var` of the same name in eval code
    /// below the variable environment is a SyntaxError).
    pub(crate) lexical: bool,
    pub(crate) role: EvalRole,
    /// Where the calling frame holds it.
    pub(crate) from: CaptureFrom,
}

/// The scope chain at a direct eval call site (§19.2.1.1 PerformEval),
/// innermost first, each name once; names not listed are globals.
#[derive(Debug)]
pub(crate) struct EvalScope {
    pub(crate) bindings: Box<[EvalBinding]>,
    /// The call site is in a parameter list where `arguments` is bound (a
    /// non-arrow function's, or one with a parameter of that name): eval
    /// code may not declare a var `arguments` there.
    pub(crate) arguments_in_params: bool,
    /// The call site is inside a non-arrow function (`new.target` allowed).
    pub(crate) new_target_ok: bool,
    /// The call site is in a class field initializer or static block
    /// (`arguments` is an early error in the eval code).
    pub(crate) in_field_init: bool,
    /// First counter value free for hidden variable names.
    pub(crate) next_hidden: u32,
}

/// Function kind bits.
pub(crate) mod fn_flags {
    pub(crate) const STRICT: u16 = 1;
    pub(crate) const ARROW: u16 = 2;
    pub(crate) const SCRIPT: u16 = 4;
    /// Has a `prototype` property and can be called with `new`.
    pub(crate) const CONSTRUCTOR: u16 = 8;
    pub(crate) const NEEDS_ARGUMENTS: u16 = 16;
    pub(crate) const METHOD: u16 = 32;
    pub(crate) const GETTER: u16 = 64;
    pub(crate) const SETTER: u16 = 128;
    /// A generator function (`function*`, `*m(){}`): calling it runs the
    /// parameter code, then returns a suspended generator object.
    pub(crate) const GENERATOR: u16 = 256;
    /// An async function: calling it runs the body as a suspended frame
    /// (starting before the parameter code) and returns a promise.
    pub(crate) const ASYNC: u16 = 512;
    /// A derived class constructor: `this` is uninitialized until `super()`.
    pub(crate) const DERIVED: u16 = 1024;
    /// A module body: its call runs the hoisted declarations and returns
    /// the suspended body (an async body the module record resumes).
    pub(crate) const MODULE: u16 = 2048;
}

/// One row of the position table: instructions from `pc` on come from `line:col`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PosEntry {
    pub(crate) pc: u32,
    pub(crate) line: u32,
    pub(crate) col: u32,
}

/// A compiled function. Immutable once built.
pub(crate) struct FunctionBytecode {
    pub(crate) code: Box<[u8]>,
    pub(crate) cpool: Box<[Value]>,
    pub(crate) functions: Box<[Gc<FunctionBytecode>]>,
    pub(crate) closure_vars: Box<[ClosureVarInfo]>,
    pub(crate) name: Atom,
    /// Declared parameters (`length` counts only those before a default or rest).
    pub(crate) param_count: u16,
    pub(crate) length: u16,
    /// Locals after the parameters.
    pub(crate) var_count: u16,
    pub(crate) cell_count: u16,
    pub(crate) stack_size: u16,
    pub(crate) flags: u16,
    pub(crate) filename: Atom,
    pub(crate) positions: Box<[PosEntry]>,
    /// Source text for `Function.prototype.toString`.
    pub(crate) source: Option<std::rc::Rc<str>>,
    /// The same text as UTF-16 when it holds lone surrogates (source
    /// compiled from a JavaScript string), which `source` shows as U+FFFD.
    pub(crate) source_units: Option<Box<[u16]>>,
    /// Names of locals, for the disassembler.
    pub(crate) local_names: Box<[Atom]>,
    /// Inline caches: one per property or global access site (see
    /// `object/ic.rs`).
    pub(crate) caches: Box<[crate::object::PropCache]>,
    /// Scope descriptions of the direct eval call sites (`CallEval`'s second operand).
    pub(crate) eval_scopes: Box<[std::rc::Rc<EvalScope>]>,
    /// For a mapped `arguments` object: the cell of each parameter it aliases
    /// (`u16::MAX` for none).
    pub(crate) param_cells: Box<[u16]>,
    /// Tagged template sites (`TemplateObject`'s operand).
    pub(crate) templates: Box<[crate::template::TemplateSite]>,
}

impl Trace for FunctionBytecode {
    const KIND: CellKind = CellKind::Bytecode;
    // The constant pool holds only numbers and strings, and nested functions
    // are bytecode too. The one object a bytecode may hold is a tagged
    // template's frozen template object (`template.rs`); that reference is
    // not reported, which only makes the collector treat the object as
    // reachable while the bytecode lives.
    const COLLECTABLE: bool = false;
    fn trace(&self, _: &mut Tracer) {}
    fn clear(&self) {}
}

impl FunctionBytecode {
    pub(crate) fn has(&self, flag: u16) -> bool {
        self.flags & flag != 0
    }

    /// The source position of the instruction at `pc`.
    pub(crate) fn position(&self, pc: usize) -> Option<(u32, u32)> {
        let i = self.positions.partition_point(|e| e.pc as usize <= pc);
        (i > 0).then(|| {
            let e = self.positions[i - 1];
            (e.line, e.col)
        })
    }

    /// A human-readable listing of this function and its nested functions.
    pub(crate) fn disassemble(&self, atoms: &AtomTable, out: &mut String) {
        let _ = writeln!(
            out,
            "function {} (params {}, locals {}, cells {}, stack {}):",
            display_atom(atoms, self.name),
            self.param_count,
            self.var_count,
            self.cell_count,
            self.stack_size
        );
        for (i, cv) in self.closure_vars.iter().enumerate() {
            let _ = writeln!(
                out,
                "  closure var {i}: {} from {:?}",
                atoms.to_rust_string(cv.name),
                cv.from
            );
        }
        disassemble_code(&self.code, atoms, &self.cpool, out);
        for f in self.functions.iter() {
            out.push('\n');
            f.disassemble(atoms, out);
        }
    }
}

fn display_atom(atoms: &AtomTable, a: Atom) -> String {
    let s = atoms.to_rust_string(a);
    if s.is_empty() {
        "<anonymous>".into()
    } else {
        s
    }
}

/// Lists instructions one per line.
pub(crate) fn disassemble_code(code: &[u8], atoms: &AtomTable, cpool: &[Value], out: &mut String) {
    let mut pc = 0;
    while pc < code.len() {
        if code[pc] == END_OF_CODE {
            // The padding after the last instruction.
            return;
        }
        let Some(op) = Op::from_u8(code[pc]) else {
            let _ = writeln!(out, "  {pc:5}: <bad opcode {}>", code[pc]);
            return;
        };
        let info = op.info();
        let a = pc + 1;
        if a + info.fmt.size() > code.len() {
            let _ = writeln!(out, "  {pc:5}: {} <truncated>", info.name);
            return;
        }
        let _ = write!(out, "  {pc:5}: {}", info.name);
        let end = pc + op.size();
        match info.fmt {
            Fmt::None => {}
            Fmt::I8 => {
                let _ = write!(out, " {}", code[a] as i8);
            }
            Fmt::I32 => {
                let _ = write!(out, " {}", read_i32(code, a));
            }
            Fmt::U16 | Fmt::Scope => {
                let _ = write!(out, " {}", read_u16(code, a));
            }
            Fmt::U16U16 => {
                let _ = write!(out, " {} {}", read_u16(code, a), read_u16(code, a + 2));
            }
            Fmt::U32 => {
                let n = read_u32(code, a);
                let _ = write!(out, " {n}");
                if op == Op::PushConst
                    && let Some(v) = cpool.get(n as usize)
                {
                    let _ = write!(out, " ; {}", v.debug_string());
                }
            }
            Fmt::Atom => {
                let _ = write!(out, " {}", atoms.to_rust_string(Atom(read_u32(code, a))));
            }
            Fmt::AtomCache => {
                let _ = write!(
                    out,
                    " {} #{}",
                    atoms.to_rust_string(Atom(read_u32(code, a))),
                    read_u16(code, a + 4)
                );
            }
            Fmt::AtomLabel => {
                let off = read_i32(code, a + 4);
                let _ = write!(
                    out,
                    " {} -> {}",
                    atoms.to_rust_string(Atom(read_u32(code, a))),
                    end as i64 + off as i64
                );
            }
            Fmt::AtomU8 => {
                let _ = write!(
                    out,
                    " {} {}",
                    atoms.to_rust_string(Atom(read_u32(code, a))),
                    code[a + 4]
                );
            }
            Fmt::AtomScope => {
                let _ = write!(
                    out,
                    " {} scope {}",
                    atoms.to_rust_string(Atom(read_u32(code, a))),
                    read_u16(code, a + 4)
                );
            }
            Fmt::Label => {
                let off = read_i32(code, a);
                let _ = write!(out, " -> {}", end as i64 + off as i64);
            }
            Fmt::Pos => {
                let _ = write!(out, " {}:{}", read_u32(code, a), read_u32(code, a + 4));
            }
        }
        out.push('\n');
        pc = end;
    }
}

/// The instructions of `code`, in order (for tests of the compiler's output).
#[cfg(test)]
pub(crate) fn op_list(code: &[u8]) -> Vec<Op> {
    let mut out = Vec::new();
    let mut pc = 0;
    while let Some(op) = code.get(pc).and_then(|&b| Op::from_u8(b)) {
        out.push(op);
        pc += op.size();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_consistent() {
        assert!(OP_LIST.len() <= 256);
        for (i, op) in OP_LIST.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(Op::from_u8(i as u8), Some(*op));
        }
        assert_eq!(Op::PushI32.size(), 5);
        assert_eq!(Op::ScopeGetVar.size(), 7);
    }
}
