// The public surface of the DWARF reader: what the debugger (and the toolchain's own tests)
// import. loadDebugInfo() is the entry point; the raw layers (units, DIEs, line tables,
// expressions, call frames) are exported for tools that need more than the debugger's model.
// Queries decode lazily and throw DwarfError (EvalError for a location that cannot be read in
// this frame) — catch them per request. A stopped thread, for example:
//
//   const debug = loadDebugInfo(elfBytes);
//   const frame: Frame = { pc, readRegister: (r) => regs[r] >>> 0, readMemory: (a, n) => mem.read(pid, a, n) ?? undefined };
//   const row = debug.lineForAddress(pc);                       // stackTrace: file, line, column
//   for (const scope of debug.scopesAt(pc))                     // scopes: innermost block first
//     for (const v of scope.variables) {
//       const loc = debug.locate(v, frame);                     // { kind: 'memory', address } …
//       show(v.name, typeName(v.type), loc);                    // format with v.type (a CType)
//     }
//   const caller = debug.unwind(frame);                         // next frame: caller.returnAddress, caller.registers
//   debug.addressesForLine('/src/main.c', 42);                  // setBreakpoints

export { loadDebugInfo, DebugInfo, type Frame, type Scope } from './program';
export type { Block, FunctionInfo, LocationDescription, Storage, UnitModel, Variable } from './model';
export {
  isSigned,
  stripTypedefs,
  typeName,
  voidType,
  type ArrayType,
  type BaseEncoding,
  type BaseType,
  type CType,
  type EnumType,
  type Enumerator,
  type FunctionType,
  type Member,
  type OtherType,
  type PointerType,
  type QualifiedType,
  type StructType,
  type TypedefType,
  type VoidType,
} from './types';
export { EvalError, evaluateLocation, evaluateValue, staticAddress, type EvalContext, type ExprMachine, type Location, type LocationPiece } from './eval';
export { DW_OP, decodeExpression, formatExpression, registerName, type ExprOp } from './expr';
export { DwarfError } from './cursor';
export { DwarfFile } from './dwarf';
export { CallFrameInfo, type CfaRule, type FrameDescription, type RegisterRule, type UnwindRow, type UnwoundFrame } from './frame';
export { Die, Unit, type Attribute, type UnitHeader } from './info';
export { lineFile, normalizePath, type LineFile, type LineRow, type LineSequence, type LineTable } from './line';
export { LineIndex, type LineLocation } from './line-index';
export type { LocationListEntry, PcRange } from './lists';
export { debugSections, sectionsFrom, type DebugSections } from './sections';
export * from './constants';
