// Input collection: the objects in command-line order, and archive members pulled in when they
// define a symbol that something loaded needs, as ld.lld does. An archive's symbols are "lazy":
// a non-weak undefined reference to one — from a file before or after the archive on the
// command line — loads the member defining it at once, and that member's own needs load
// further members. So order does not matter and no --start-group is needed; members nothing
// needs are never parsed, and their undefined symbols cannot cause errors.

import { archiveSymbolsOf, isArchive, readArchive, type Archive } from '../elf/archive';
import { readObject } from '../elf/read-object';
import type { ObjectFile } from '../object';
import { newInputFile, type LinkContext } from './model';
import { addFileSymbols, globalNamed } from './symbols';
import type { LinkInput, LinkOptions } from './types';

interface LazyMember {
  readonly archive: Archive;
  readonly member: number;
  readonly library: boolean;
}

/** Loads every input file the link needs into `ctx.files`, resolving symbols as it goes. */
export function collectInputs(ctx: LinkContext, inputs: readonly LinkInput[], options: LinkOptions): void {
  const collector = new Collector(ctx);
  for (const input of inputs) {
    if (input.kind === 'object') collector.addObject(input.object, input.object.name, false);
    else collector.addArchive(input.archive, false);
  }
  const library = options.sharedLibrary;
  if (library && (library.members ?? 'all') === 'all') {
    library.archive.members.forEach((member, i) => {
      if (isElf(member.data)) collector.loadMember({ archive: library.archive, member: i, library: true });
    });
  } else if (library) {
    collector.addArchive(library.archive, true);
  }
  // Like lld, the entry symbol is looked up last and may pull a crt member out of an archive.
  collector.need(options.entry ?? '_start');
}

class Collector {
  private readonly lazy = new Map<string, LazyMember>();
  private readonly loaded = new Map<Archive, Set<number>>();

  constructor(private readonly ctx: LinkContext) {}

  addObject(object: ObjectFile, name: string, library: boolean): void {
    const file = newInputFile(this.ctx.files.length, name, object, library);
    this.ctx.files.push(file);
    for (const symbolName of addFileSymbols(this.ctx, file)) this.fetch(symbolName);
  }

  /** Registers the archive's symbols as lazy, loading members for needs already known. */
  addArchive(archive: Archive, library: boolean): void {
    const index = archive.symbols ?? archiveSymbolsOf(archive.members, archive.name);
    for (const { name, member } of index) {
      if (this.lazy.has(name)) continue;
      this.lazy.set(name, { archive, member, library });
      this.fetch(name);
    }
  }

  /** A reference the linker itself makes (the entry symbol). */
  need(name: string): void {
    const global = globalNamed(this.ctx, name);
    global.strongRef = true;
    this.fetch(name);
  }

  /** Loads the member defining `name` if the symbol is needed, undefined, and lazily available. */
  private fetch(name: string): void {
    const global = this.ctx.globals.get(name);
    if (!global || !global.strongRef || global.def) return;
    const lazy = this.lazy.get(name);
    if (lazy) this.loadMember(lazy);
  }

  loadMember(lazy: LazyMember): void {
    const done = this.loaded.get(lazy.archive) ?? new Set<number>();
    this.loaded.set(lazy.archive, done);
    if (done.has(lazy.member)) return;
    done.add(lazy.member);
    const member = lazy.archive.members[lazy.member];
    const name = `${lazy.archive.name}(${member.name})`;
    this.addObject(readObject(member.data, name), name, lazy.library);
  }
}

/** An input from a file's bytes: an archive if it starts with "!<arch>", else an ELF object. */
export function inputFromBytes(name: string, bytes: Uint8Array): LinkInput {
  if (isArchive(bytes)) return { kind: 'archive', archive: readArchive(bytes, name) };
  return { kind: 'object', object: readObject(bytes, name) };
}

function isElf(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46;
}
