// A block device as the course draws it: the OS addresses logical sectors (LBAs); the drive maps
// them to physical sectors (PBAs) and takes time for each request. The SSD shows an FTL: every
// write of a 4 KiB logical page lands on a fresh NAND page and the old one goes stale (so
// rewriting in place never happens, and TRIM hands pages back). The HDD maps LBAs to PBAs one to
// one — eight 512-byte logical sectors per 4 KiB physical sector, as a 512e drive in `lsblk -t`
// — and its latency is a seek by cylinder distance, a wait for the sector to turn under the head
// and the transfer. Requests queue: each starts when the device is free (FIFO), so its
// completion is max(now, busy until) + its latency, and a read waits behind writeback.

import type { CostModel } from '../cpu/cost';
import type { EventLog } from '../events';

export type DiskKind = 'ssd' | 'hdd';
export type BlockOp = 'read' | 'write' | 'flush';

/** Who asked for a request (for the Storage panel's path of a read or an fsync). */
export type IoCause = 'fill' | 'readahead' | 'writeback' | 'fsync' | 'sync' | 'direct' | 'reclaim' | 'mkfs';

/** One request as the device served it; times in cycles. */
export interface BlockRequest {
  readonly id: number;
  readonly op: BlockOp;
  readonly lba: number;
  /** Logical sectors (0 for a flush). */
  readonly sectors: number;
  /** The physical sector the first LBA lives in (-1 for a flush). */
  readonly pba: number;
  readonly cause: IoCause;
  readonly queuedAt: number;
  readonly startAt: number;
  readonly doneAt: number;
}

export interface BlockDeviceCounters {
  reads: number;
  writes: number;
  flushes: number;
  sectorsRead: number;
  sectorsWritten: number;
  /** HDD: writes covering part of a 4 KiB physical sector, which the drive reads, merges and writes back. */
  readModifyWrites: number;
  /** SSD: logical pages rewritten, whose old NAND page went stale. */
  remaps: number;
}

/** Drive geometry: HDD cylinders of HEADS tracks of SECTORS_PER_TRACK physical sectors (1 MiB a track). */
const SECTORS_PER_TRACK = 256;
const HEADS = 4;
const RECENT = 64;

const PROFILES: Record<DiskKind, { readonly logical: number; readonly physical: number; readonly name: string; readonly major: number }> = {
  ssd: { logical: 4096, physical: 4096, name: 'nvme0n1', major: 259 },
  hdd: { logical: 512, physical: 4096, name: 'sda', major: 8 },
};

export class BlockDevice {
  readonly logicalSectorSize: number;
  readonly physicalSectorSize: number;
  /** Capacity in logical sectors. */
  readonly sectors: number;
  /** /dev name and device number. */
  readonly name: string;
  readonly dev: { readonly major: number; readonly minor: number };
  readonly counters: BlockDeviceCounters = { reads: 0, writes: 0, flushes: 0, sectorsRead: 0, sectorsWritten: 0, readModifyWrites: 0, remaps: 0 };
  /** Physical sector → its bytes; sectors never written read as zeros (and take no memory). */
  private readonly media = new Map<number, Uint8Array>();
  /** SSD: logical 4 KiB page → NAND page. */
  private readonly ftl = new Map<number, number>();
  /** SSD: NAND pages free again (stale after a rewrite, or trimmed), reused oldest first. */
  private readonly freePages: number[] = [];
  private nextFreshPage = 0;
  private busyUntil = 0;
  /** HDD: the cylinder the head rests on. */
  private headCylinder = 0;
  private nextId = 1;
  private readonly recentRing: BlockRequest[] = [];

  constructor(
    readonly kind: DiskKind,
    capacityBytes: number,
    private readonly cost: CostModel,
    private readonly events: EventLog,
  ) {
    const profile = PROFILES[kind];
    this.logicalSectorSize = profile.logical;
    this.physicalSectorSize = profile.physical;
    this.sectors = Math.floor(capacityBytes / profile.logical);
    this.name = profile.name;
    this.dev = { major: profile.major, minor: 0 };
  }

  /** The physical sector holding `lba` (the FTL's current NAND page on an SSD; -1 if never written). */
  pba(lba: number): number {
    const unit = Math.floor((lba * this.logicalSectorSize) / this.physicalSectorSize);
    return this.kind === 'ssd' ? (this.ftl.get(unit) ?? -1) : unit;
  }

  /** An HDD's cylinder, head and sector of a physical sector (CHS, as the course names them). */
  chs(pba: number): { cylinder: number; head: number; sector: number } {
    return { cylinder: Math.floor(pba / (SECTORS_PER_TRACK * HEADS)), head: Math.floor(pba / SECTORS_PER_TRACK) % HEADS, sector: pba % SECTORS_PER_TRACK };
  }

  /** Reads `sectors` logical sectors into `out` at `offset`; returns the cycle the request completes. */
  read(now: number, lba: number, sectors: number, out: Uint8Array, offset: number, cause: IoCause): number {
    this.checkRange(lba, sectors);
    this.eachUnit(lba, sectors, (unit, from, length, done) => {
      const stored = this.kind === 'ssd' ? this.media.get(this.ftl.get(unit) ?? -1) : this.media.get(unit);
      if (stored) out.set(stored.subarray(from, from + length), offset + done);
      else out.fill(0, offset + done, offset + done + length);
    });
    this.counters.reads++;
    this.counters.sectorsRead += sectors;
    return this.submit(now, 'read', lba, sectors, cause, 0);
  }

  /** Writes `data` (whole logical sectors) at `lba`; returns the cycle the request completes. */
  write(now: number, lba: number, data: Uint8Array, cause: IoCause): number {
    const sectors = data.length / this.logicalSectorSize;
    if (!Number.isInteger(sectors)) throw new RangeError('a block write must be whole logical sectors');
    this.checkRange(lba, sectors);
    let partial = 0;
    this.eachUnit(lba, sectors, (unit, from, length, done) => {
      if (length < this.physicalSectorSize) partial++;
      const bytes = this.writableUnit(unit, length < this.physicalSectorSize);
      bytes.set(data.subarray(done, done + length), from);
    });
    this.counters.writes++;
    this.counters.sectorsWritten += sectors;
    this.counters.readModifyWrites += partial;
    return this.submit(now, 'write', lba, sectors, cause, partial > 0 ? this.cost.ns.hddRevolutionNs : 0);
  }

  /** Empties the drive's write cache: completes after every request before it. */
  flush(now: number, cause: IoCause): number {
    this.counters.flushes++;
    return this.submit(now, 'flush', 0, 0, cause, 0);
  }

  /** TRIM: the sectors' contents are gone; an SSD's NAND pages become free (no time charged). */
  discard(lba: number, sectors: number): void {
    this.eachUnit(lba, sectors, (unit, _from, length) => {
      if (length < this.physicalSectorSize) return;
      if (this.kind === 'hdd') {
        this.media.delete(unit);
        return;
      }
      const page = this.ftl.get(unit);
      if (page === undefined) return;
      this.ftl.delete(unit);
      this.media.delete(page);
      this.freePages.push(page);
    });
  }

  /** The cycle the device is free again. */
  get idleAt(): number {
    return this.busyUntil;
  }

  /** Requests not yet complete at `now` (among the last 64), in the order they are served. */
  queue(now: number): BlockRequest[] {
    return this.recentRing.filter((r) => r.doneAt > now);
  }

  /** The last requests, oldest first. */
  recent(): readonly BlockRequest[] {
    return this.recentRing;
  }

  private submit(now: number, op: BlockOp, lba: number, sectors: number, cause: IoCause, extraNs: number): number {
    const startAt = Math.max(now, this.busyUntil);
    const latencyNs = this.serve(op, lba, sectors, startAt) + extraNs;
    const doneAt = startAt + Math.max(1, Math.round(latencyNs * this.cost.cyclesPerNs));
    this.busyUntil = doneAt;
    const request: BlockRequest = { id: this.nextId++, op, lba, sectors, pba: op === 'flush' ? -1 : this.pba(lba), cause, queuedAt: now, startAt, doneAt };
    this.recentRing.push(request);
    if (this.recentRing.length > RECENT) this.recentRing.shift();
    this.events.push({ kind: 'blockRequest', cycles: now, device: this.name, ...request });
    return doneAt;
  }

  /** The request's latency in ns from `startAt`; an HDD's head moves to its cylinder. */
  private serve(op: BlockOp, lba: number, sectors: number, startAt: number): number {
    const ns = this.cost.ns;
    const kib = (sectors * this.logicalSectorSize) / 1024;
    if (this.kind === 'ssd') {
      if (op === 'flush') return ns.ssdFlushNs;
      return (op === 'read' ? ns.ssdReadNs : ns.ssdNs) + kib * ns.ssdNsPerKiB;
    }
    if (op === 'flush') return ns.hddFlushNs;
    const pba = this.pba(lba);
    const cylinder = this.chs(pba).cylinder;
    const seekNs = this.seekNs(Math.abs(cylinder - this.headCylinder));
    this.headCylinder = cylinder;
    // The platter turns all the time: where the head is after the seek decides the wait.
    const arrivalNs = startAt / this.cost.cyclesPerNs + seekNs;
    const revolution = ns.hddRevolutionNs;
    const headAngle = (arrivalNs % revolution) / revolution;
    const sectorAngle = (pba % SECTORS_PER_TRACK) / SECTORS_PER_TRACK;
    const rotationalNs = (((sectorAngle - headAngle) % 1) + 1) % 1 * revolution;
    return seekNs + rotationalNs + kib * ns.hddNsPerKiB;
  }

  // Seek time grows with the square root of the distance (the arm accelerates, then coasts);
  // hddNs is the seek over a third of the cylinders, the average of random requests.
  private seekNs(distance: number): number {
    if (distance === 0) return 0;
    const ns = this.cost.ns;
    const averageDistance = Math.max(1, this.cylinders / 3);
    return ns.hddTrackSeekNs + Math.max(0, ns.hddNs - ns.hddTrackSeekNs) * Math.sqrt(distance / averageDistance);
  }

  private get cylinders(): number {
    return Math.max(1, Math.ceil((this.sectors * this.logicalSectorSize) / this.physicalSectorSize / (SECTORS_PER_TRACK * HEADS)));
  }

  /** Splits a logical range into physical-sector-sized units: (unit, offset in it, bytes, bytes done before). */
  private eachUnit(lba: number, sectors: number, visit: (unit: number, from: number, length: number, done: number) => void): void {
    const start = lba * this.logicalSectorSize;
    const end = (lba + sectors) * this.logicalSectorSize;
    for (let at = start; at < end; ) {
      const unit = Math.floor(at / this.physicalSectorSize);
      const from = at % this.physicalSectorSize;
      const length = Math.min(end - at, this.physicalSectorSize - from);
      visit(unit, from, length, at - start);
      at += length;
    }
  }

  /** The bytes a write goes to: on an SSD a fresh NAND page (the old one's bytes copied if partly overwritten). */
  private writableUnit(unit: number, keepOld: boolean): Uint8Array {
    if (this.kind === 'hdd') {
      let bytes = this.media.get(unit);
      if (!bytes) this.media.set(unit, (bytes = new Uint8Array(this.physicalSectorSize)));
      return bytes;
    }
    const old = this.ftl.get(unit);
    const page = this.freePages.length > 0 ? this.freePages.shift()! : this.nextFreshPage++;
    const bytes = new Uint8Array(this.physicalSectorSize);
    if (old !== undefined) {
      const previous = this.media.get(old);
      if (keepOld && previous) bytes.set(previous);
      this.media.delete(old);
      this.freePages.push(old);
      this.counters.remaps++;
    }
    this.ftl.set(unit, page);
    this.media.set(page, bytes);
    return bytes;
  }

  private checkRange(lba: number, sectors: number): void {
    if (!(Number.isInteger(lba) && lba >= 0 && sectors >= 0 && lba + sectors <= this.sectors)) throw new RangeError(`LBA ${lba}+${sectors} is outside ${this.name}`);
  }
}
