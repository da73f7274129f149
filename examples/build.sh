#!/usr/bin/env bash
# Rebuilds the committed example ELFs with Debian's clang + lld (a fresh machine has no clang,
# so the ELFs are committed beside their sources). oslab's own `oslab cc` will replace this.
set -euo pipefail
cd "$(dirname "$0")"
CFLAGS=(--target=riscv32-unknown-elf -march=rv32ima -mabi=ilp32 -mno-relax -O1 -nostdlib -ffreestanding -fno-builtin -static -fuse-ld=lld -Wl,--no-relax)
clang "${CFLAGS[@]}" -o locality/locality.elf rt/start.S rt/rt.c locality/locality.c
echo "built examples/locality/locality.elf"
