// How the compiler spells bytes in the assembly it writes: GNU as string syntax, the one form
// codegen (string literals), the DWARF emitter (names) and the `.file` table share.

/** A quoted GNU as string: printable ASCII as is, `"` and `\\` escaped, other bytes as octal escapes. */
export function asmString(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + '"';
}
