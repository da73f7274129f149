/* The 64-bit integer helpers compilers call on a 32-bit target (libgcc/compiler-rt names:
   __muldi3, __udivdi3, shifts ...). Each works on 32-bit halves only, so neither clang nor
   oslab's compiler can turn its body back into a call to itself. Division is plain binary long
   division: a learner stepping into it can follow it, and speed is not the point. */

typedef union {
    unsigned long long all;
    struct {
        unsigned int lo;
        unsigned int hi;
    } s;
} udwords;

static unsigned long long make_u64(unsigned int hi, unsigned int lo) {
    udwords r;
    r.s.hi = hi;
    r.s.lo = lo;
    return r.all;
}

unsigned long long __ashldi3(unsigned long long a, int shift) {
    udwords v;
    v.all = a;
    shift &= 63;
    if (shift == 0)
        return a;
    if (shift >= 32)
        return make_u64(v.s.lo << (shift - 32), 0);
    return make_u64((v.s.hi << shift) | (v.s.lo >> (32 - shift)), v.s.lo << shift);
}

unsigned long long __lshrdi3(unsigned long long a, int shift) {
    udwords v;
    v.all = a;
    shift &= 63;
    if (shift == 0)
        return a;
    if (shift >= 32)
        return make_u64(0, v.s.hi >> (shift - 32));
    return make_u64(v.s.hi >> shift, (v.s.lo >> shift) | (v.s.hi << (32 - shift)));
}

long long __ashrdi3(long long a, int shift) {
    udwords v;
    int hi;
    v.all = (unsigned long long)a;
    hi = (int)v.s.hi;
    shift &= 63;
    if (shift == 0)
        return a;
    if (shift >= 32)
        return (long long)make_u64((unsigned int)(hi >> 31), (unsigned int)(hi >> (shift - 32)));
    return (long long)make_u64((unsigned int)(hi >> shift), (v.s.lo >> shift) | (v.s.hi << (32 - shift)));
}

/* 32x32 -> 64 from four 16x16 products, so no 64-bit multiply is needed to build one. */
static unsigned long long multiply_u32(unsigned int a, unsigned int b) {
    unsigned int a_lo = a & 0xffff, a_hi = a >> 16, b_lo = b & 0xffff, b_hi = b >> 16;
    unsigned int low = a_lo * b_lo;
    unsigned int mid1 = a_hi * b_lo;
    unsigned int mid2 = a_lo * b_hi;
    unsigned int high = a_hi * b_hi;
    unsigned int mid = (low >> 16) + (mid1 & 0xffff) + (mid2 & 0xffff);
    unsigned int result_lo = (low & 0xffff) | (mid << 16);
    unsigned int result_hi = high + (mid1 >> 16) + (mid2 >> 16) + (mid >> 16);
    return make_u64(result_hi, result_lo);
}

long long __muldi3(long long a, long long b) {
    udwords x, y, r;
    x.all = (unsigned long long)a;
    y.all = (unsigned long long)b;
    r.all = multiply_u32(x.s.lo, y.s.lo);
    r.s.hi += x.s.lo * y.s.hi + x.s.hi * y.s.lo;
    return (long long)r.all;
}

/* Binary long division, one quotient bit per step, on halves. Dividing by zero returns an
   all-ones quotient and the dividend as remainder, as RISC-V's divu/remu do. */
unsigned long long __udivmoddi4(unsigned long long a, unsigned long long b, unsigned long long *rem) {
    udwords n, d, q, r;
    int bit;
    n.all = a;
    d.all = b;
    if (d.s.hi == 0 && d.s.lo == 0) {
        if (rem)
            *rem = a;
        return make_u64(0xffffffffu, 0xffffffffu);
    }
    if (n.s.hi == 0 && d.s.hi == 0) {
        if (rem)
            *rem = make_u64(0, n.s.lo % d.s.lo);
        return make_u64(0, n.s.lo / d.s.lo);
    }
    q.all = make_u64(0, 0);
    r.all = make_u64(0, 0);
    for (bit = 63; bit >= 0; bit--) {
        unsigned int next = bit >= 32 ? (n.s.hi >> (bit - 32)) & 1 : (n.s.lo >> bit) & 1;
        r.s.hi = (r.s.hi << 1) | (r.s.lo >> 31);
        r.s.lo = (r.s.lo << 1) | next;
        if (r.s.hi > d.s.hi || (r.s.hi == d.s.hi && r.s.lo >= d.s.lo)) {
            unsigned int borrow = r.s.lo < d.s.lo;
            r.s.lo -= d.s.lo;
            r.s.hi -= d.s.hi + borrow;
            if (bit >= 32)
                q.s.hi |= 1u << (bit - 32);
            else
                q.s.lo |= 1u << bit;
        }
    }
    if (rem)
        *rem = r.all;
    return q.all;
}

unsigned long long __udivdi3(unsigned long long a, unsigned long long b) {
    return __udivmoddi4(a, b, 0);
}

unsigned long long __umoddi3(unsigned long long a, unsigned long long b) {
    unsigned long long r;
    __udivmoddi4(a, b, &r);
    return r;
}

static unsigned long long negate_u64(unsigned long long v) {
    udwords x;
    x.all = v;
    x.s.lo = ~x.s.lo;
    x.s.hi = ~x.s.hi;
    x.s.lo += 1;
    if (x.s.lo == 0)
        x.s.hi += 1;
    return x.all;
}

static int is_negative(long long v) {
    udwords x;
    x.all = (unsigned long long)v;
    return (int)(x.s.hi >> 31);
}

/* C99 truncating division: the quotient's sign is the xor of the signs, the remainder's is the
   dividend's. */
long long __divdi3(long long a, long long b) {
    int negative = is_negative(a) ^ is_negative(b);
    unsigned long long ua = is_negative(a) ? negate_u64((unsigned long long)a) : (unsigned long long)a;
    unsigned long long ub = is_negative(b) ? negate_u64((unsigned long long)b) : (unsigned long long)b;
    unsigned long long q = __udivmoddi4(ua, ub, 0);
    return (long long)(negative ? negate_u64(q) : q);
}

long long __moddi3(long long a, long long b) {
    unsigned long long ua = is_negative(a) ? negate_u64((unsigned long long)a) : (unsigned long long)a;
    unsigned long long ub = is_negative(b) ? negate_u64((unsigned long long)b) : (unsigned long long)b;
    unsigned long long r;
    __udivmoddi4(ua, ub, &r);
    return (long long)(is_negative(a) ? negate_u64(r) : r);
}

/* Comparisons answer 0 (less), 1 (equal), 2 (greater), as libgcc defines them. */
int __cmpdi2(long long a, long long b) {
    udwords x, y;
    x.all = (unsigned long long)a;
    y.all = (unsigned long long)b;
    if ((int)x.s.hi != (int)y.s.hi)
        return (int)x.s.hi < (int)y.s.hi ? 0 : 2;
    if (x.s.lo != y.s.lo)
        return x.s.lo < y.s.lo ? 0 : 2;
    return 1;
}

int __ucmpdi2(unsigned long long a, unsigned long long b) {
    udwords x, y;
    x.all = a;
    y.all = b;
    if (x.s.hi != y.s.hi)
        return x.s.hi < y.s.hi ? 0 : 2;
    if (x.s.lo != y.s.lo)
        return x.s.lo < y.s.lo ? 0 : 2;
    return 1;
}
