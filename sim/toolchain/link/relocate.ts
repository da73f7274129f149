// Relocation: copies each input section into its output section and patches every relocated
// site with S (the symbol's value), A (the addend) and P (the site's address), exactly as the
// RISC-V psABI's "Relocations" table and ld.lld define them — absolute and pc-relative %hi/%lo
// pairs, branches and jumps (with range checks), calls (auipc+jalr), data words, and the
// ADD/SUB/SET arithmetic DWARF uses for code-size differences. Problems (undefined references,
// out-of-range branches, unsupported kinds) are collected, not thrown one at a time.

import { relocationName, R_RISCV } from '../relocations';
import type { ObjSection, Relocation } from '../object';
import { encodeB, encodeI, encodeJ, encodeS, encodeU, hi20, lo12, readUleb128, writeUleb128 } from './immediates';
import type { Layout } from './layout';
import { describeSite, type InputFile, type LinkContext, type OutputSection, type Piece } from './model';
import { targetOf, type Target } from './resolve';
import { isNobits } from './sections';
import { bindingOf } from './symbols';

/** Where one relocation applies. */
interface Site {
  readonly file: InputFile;
  readonly section: number;
  readonly output: OutputSection;
  readonly view: DataView;
  /** Byte position in the output section's data. */
  readonly at: number;
  /** Run-time address (for non-loaded sections, the offset in the output section). */
  readonly P: number;
}

export interface RelocateOptions {
  /** Shared-library code must not depend on the program (its pages are shared). */
  readonly pureLibrary: boolean;
}

export function relocate(ctx: LinkContext, layout: Layout, options: RelocateOptions): void {
  const relocator = new Relocator(ctx, options);
  for (const output of layout.sections) {
    if (isNobits(output)) continue;
    output.data = new Uint8Array(output.size);
    const view = new DataView(output.data.buffer);
    for (const piece of output.pieces) {
      if (!piece.file) continue;
      output.data.set(piece.file.sections[piece.index].data, piece.offset);
      relocator.applyAll(output, view, piece, piece.file);
    }
  }
}

const INSTRUCTION_HINTS: Record<number, string> = {
  [R_RISCV.GOT_HI20]: 'it needs a GOT: compile without -fPIC/-fPIE',
  [R_RISCV.TLS_GOT_HI20]: 'thread-local storage is not supported',
  [R_RISCV.TLS_GD_HI20]: 'thread-local storage is not supported',
  [R_RISCV.TPREL_HI20]: 'thread-local storage is not supported',
  [R_RISCV.TPREL_LO12_I]: 'thread-local storage is not supported',
  [R_RISCV.TPREL_LO12_S]: 'thread-local storage is not supported',
  [R_RISCV.TPREL_ADD]: 'thread-local storage is not supported',
  [R_RISCV.RVC_BRANCH]: 'compressed instructions: build with -march=rv32ima',
  [R_RISCV.RVC_JUMP]: 'compressed instructions: build with -march=rv32ima',
  [R_RISCV.ADD64]: 'a 64-bit relocation in RV32 code',
  [R_RISCV.SUB64]: 'a 64-bit relocation in RV32 code',
};

/** Bytes each supported relocation patches (ULEB128s are measured at the site). */
const WIDTH: Record<number, number> = {
  [R_RISCV.NONE]: 0, [R_RISCV.RELAX]: 0, [R_RISCV[32]]: 4, [R_RISCV['32_PCREL']]: 4,
  [R_RISCV.BRANCH]: 4, [R_RISCV.JAL]: 4, [R_RISCV.CALL]: 8, [R_RISCV.CALL_PLT]: 8,
  [R_RISCV.PCREL_HI20]: 4, [R_RISCV.PCREL_LO12_I]: 4, [R_RISCV.PCREL_LO12_S]: 4,
  [R_RISCV.HI20]: 4, [R_RISCV.LO12_I]: 4, [R_RISCV.LO12_S]: 4,
  [R_RISCV.ADD8]: 1, [R_RISCV.ADD16]: 2, [R_RISCV.ADD32]: 4, [R_RISCV.SUB6]: 1, [R_RISCV.SUB8]: 1, [R_RISCV.SUB16]: 2, [R_RISCV.SUB32]: 4,
  [R_RISCV.SET6]: 1, [R_RISCV.SET8]: 1, [R_RISCV.SET16]: 2, [R_RISCV.SET32]: 4,
  [R_RISCV.SET_ULEB128]: 1, [R_RISCV.SUB_ULEB128]: 1,
};

/** Control transfers to an undefined weak symbol go nowhere (to the site itself), as in lld. */
const BRANCHES = new Set<number>([R_RISCV.BRANCH, R_RISCV.JAL, R_RISCV.CALL, R_RISCV.CALL_PLT]);

class Relocator {
  private readonly reported = new Set<string>();
  private readonly hiRelocations = new Map<ObjSection, Map<number, Relocation>>();

  constructor(private readonly ctx: LinkContext, private readonly options: RelocateOptions) {}

  applyAll(output: OutputSection, view: DataView, piece: Piece, file: InputFile): void {
    const section = file.sections[piece.index];
    const base = output.address + piece.offset;
    for (const r of section.relocations) {
      const width = WIDTH[r.type];
      const site: Site = { file, section: piece.index, output, view, at: piece.offset + r.offset, P: (base + r.offset) >>> 0 };
      if (width === undefined) {
        const hint = INSTRUCTION_HINTS[r.type];
        this.problem(site, r, `unsupported relocation ${relocationName(r.type)}${hint ? ` (${hint})` : ''}`);
      } else if (r.offset + width > section.data.length) {
        this.problem(site, r, `relocation ${relocationName(r.type)} extends past the end of the section`);
      } else if (width > 0) {
        this.apply(site, r);
      }
    }
  }

  private apply(site: Site, r: Relocation): void {
    const target = this.targetFor(site, r);
    const undefinedWeak = target.kind === 'undefined-weak';
    const S = target.kind === 'defined' ? target.value : undefinedWeak && BRANCHES.has(r.type) ? site.P : 0;
    const A = r.addend;
    const P = site.P;
    switch (r.type) {
      case R_RISCV[32]:
      case R_RISCV.SET32:
        return this.write32(site, 0, S + A);
      case R_RISCV['32_PCREL']:
        return this.write32(site, 0, S + A - P);
      case R_RISCV.BRANCH:
        return this.patch(site, 0, (insn) => encodeB(insn, this.checkRange(site, r, S + A - P, 13)));
      case R_RISCV.JAL:
        return this.patch(site, 0, (insn) => encodeJ(insn, this.checkRange(site, r, S + A - P, 21)));
      case R_RISCV.CALL:
      case R_RISCV.CALL_PLT:
        this.patch(site, 0, (insn) => encodeU(insn, hi20(S + A - P)));
        return this.patch(site, 4, (insn) => encodeI(insn, lo12(S + A - P)));
      case R_RISCV.PCREL_HI20:
        return this.patch(site, 0, (insn) => encodeU(insn, hi20(S + A - P)));
      case R_RISCV.PCREL_LO12_I:
      case R_RISCV.PCREL_LO12_S:
        return this.applyPcrelLo(site, r);
      case R_RISCV.HI20:
        return this.patch(site, 0, (insn) => encodeU(insn, hi20(S + A)));
      case R_RISCV.LO12_I:
        return this.patch(site, 0, (insn) => encodeI(insn, lo12(S + A)));
      case R_RISCV.LO12_S:
        return this.patch(site, 0, (insn) => encodeS(insn, lo12(S + A)));
      default:
        return this.applyData(site, r, S + A);
    }
  }

  /** The ADD/SUB/SET data relocations: arithmetic on the bytes already there. */
  private applyData(site: Site, r: Relocation, value: number): void {
    const { view, at } = site;
    switch (r.type) {
      case R_RISCV.ADD8:
        return view.setUint8(at, (view.getUint8(at) + value) & 0xff);
      case R_RISCV.ADD16:
        return view.setUint16(at, (view.getUint16(at, true) + value) & 0xffff, true);
      case R_RISCV.ADD32:
        return view.setUint32(at, (view.getUint32(at, true) + value) >>> 0, true);
      case R_RISCV.SUB6:
        return view.setUint8(at, (view.getUint8(at) & 0xc0) | ((view.getUint8(at) - value) & 0x3f));
      case R_RISCV.SUB8:
        return view.setUint8(at, (view.getUint8(at) - value) & 0xff);
      case R_RISCV.SUB16:
        return view.setUint16(at, (view.getUint16(at, true) - value) & 0xffff, true);
      case R_RISCV.SUB32:
        return view.setUint32(at, (view.getUint32(at, true) - value) >>> 0, true);
      case R_RISCV.SET6:
        return view.setUint8(at, (view.getUint8(at) & 0xc0) | (value & 0x3f));
      case R_RISCV.SET8:
        return view.setUint8(at, value & 0xff);
      case R_RISCV.SET16:
        return view.setUint16(at, value & 0xffff, true);
      case R_RISCV.SET_ULEB128:
      case R_RISCV.SUB_ULEB128:
        return this.applyUleb(site, r, value);
    }
  }

  private applyUleb(site: Site, r: Relocation, value: number): void {
    const data = site.output.data;
    const current = readUleb128(data, site.at);
    if (!current) return this.problem(site, r, `${relocationName(r.type)} does not point at a ULEB128 number`);
    const result = r.type === R_RISCV.SET_ULEB128 ? value : current.value - value;
    if (current.length < 5 && (result >>> 0) >= 2 ** (7 * current.length)) return this.problem(site, r, `${relocationName(r.type)} value ${result >>> 0} does not fit in ${current.length} bytes`);
    writeUleb128(data, site.at, current.length, result);
  }

  /** %pcrel_lo(label): the low part of the %pcrel_hi computed at the auipc `label` marks. */
  private applyPcrelLo(site: Site, r: Relocation): void {
    const value = this.pcrelHiValue(site, r);
    if (value === undefined) return;
    const encode = r.type === R_RISCV.PCREL_LO12_I ? encodeI : encodeS;
    this.patch(site, 0, (insn) => encode(insn, lo12(value)));
  }

  private pcrelHiValue(site: Site, r: Relocation): number | undefined {
    const { ref } = bindingOf(site.file, r.symbol);
    const label = ref ? ref.file.object.symbols[ref.index] : undefined;
    if (!ref || !label || typeof label.section !== 'number') {
      this.problem(site, r, `${relocationName(r.type)} must refer to the label of an auipc`);
      return undefined;
    }
    const section = ref.file.sections[label.section];
    const hi = this.hiRelocationsOf(section).get(ref.file.values[ref.index]);
    const placement = ref.file.placements[label.section];
    if (!hi || !placement) {
      this.problem(site, r, `${relocationName(r.type)} refers to '${label.name}', which does not label an R_RISCV_PCREL_HI20 relocation`);
      return undefined;
    }
    // The auipc's own relocation reports any problem with its target.
    const hiTarget = targetOf(ref.file, hi.symbol);
    const S = hiTarget.kind === 'defined' ? hiTarget.value : 0;
    return S + hi.addend - (placement.output.address + placement.piece.offset + hi.offset);
  }

  private hiRelocationsOf(section: ObjSection): Map<number, Relocation> {
    let map = this.hiRelocations.get(section);
    if (!map) {
      map = new Map(section.relocations.filter((r) => r.type === R_RISCV.PCREL_HI20).map((r) => [r.offset, r]));
      this.hiRelocations.set(section, map);
    }
    return map;
  }

  /** The target of `r`, reporting undefined or discarded symbols and impure library references. */
  private targetFor(site: Site, r: Relocation): Target {
    const target = targetOf(site.file, r.symbol);
    this.reportTarget(site, r, target);
    return target;
  }

  private reportTarget(site: Site, r: Relocation, target: Target): void {
    if (site.output.cls === 'debug' || site.output.cls === 'attributes') return;
    const name = site.file.object.symbols[r.symbol]?.name ?? '?';
    if (target.kind === 'undefined') {
      const key = `${target.name}\0${site.file.id}`;
      if (this.reported.has(key)) return;
      this.reported.add(key);
      this.ctx.problems.push(`undefined reference to '${target.name}' in ${describeSite(site.file, site.section, r.offset)}`);
    } else if (target.kind === 'discarded') {
      this.problem(site, r, `relocation refers to '${target.name}' in ${target.section}, a section the link discards`);
    } else if (target.kind === 'defined' && !target.library && site.file.library && this.options.pureLibrary) {
      this.problem(site, r, `the shared library refers to '${name}', which the program or the linker defines: the library's pages would differ between programs (pass such values at run time, as crt1.o's _start passes main)`);
    }
  }

  /** Checks a pc-relative offset fits a signed `bits`-bit even immediate, as lld does. */
  private checkRange(site: Site, r: Relocation, value: number, bits: number): number {
    const min = -(2 ** (bits - 1));
    const max = 2 ** (bits - 1) - 1;
    const name = site.file.object.symbols[r.symbol]?.name ?? '?';
    if (value < min || value > max) this.problem(site, r, `relocation ${relocationName(r.type)} out of range: ${value} is not in [${min}, ${max}]; references '${name}'`);
    else if (value % 2 !== 0) this.problem(site, r, `relocation ${relocationName(r.type)} target ${value} is not aligned to 2 bytes; references '${name}'`);
    return value;
  }

  private problem(site: Site, r: Relocation, message: string): void {
    this.ctx.problems.push(`${message} in ${describeSite(site.file, site.section, r.offset)}`);
  }

  private patch(site: Site, delta: number, change: (insn: number) => number): void {
    site.view.setUint32(site.at + delta, change(site.view.getUint32(site.at + delta, true)), true);
  }

  private write32(site: Site, delta: number, value: number): void {
    site.view.setUint32(site.at + delta, value >>> 0, true);
  }
}
