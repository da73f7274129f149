/* printf's floating-point conversions, %f %e %g %a (and upper case), exactly as glibc prints
   them, in integer arithmetic only (oslab's compiler has no floating point): the double's bits
   are turned into its exact decimal expansion (mantissa times a power of two, as a base-10000
   big number), which is then rounded half-to-even at the requested digit, as glibc does in
   the default rounding mode. A double arrives as the 64-bit integer in its argument slot (the
   soft-float ABI passes both alike). long double is not handled (format.c prints <float>). */
#include <string.h>
#include "format.h"

#define LIMBS 210          /* base-10000 digits: 2^53 * 5^1074 has 767 decimal digits */
#define DIGITS_MAX (4 * LIMBS)

/* A non-negative value 0.d1 d2 d3 ... x 10^point; no trailing zeros; length 0 means zero. */
struct decimal {
    char digits[DIGITS_MAX];
    int length;
    int point;
};

/* Output through a small buffer, so a long %f is not one call per digit. */
struct float_output {
    struct format_sink *sink;
    char buffer[64];
    int used;
};

static void out_char(struct float_output *out, char c) {
    if (out->used == (int)sizeof out->buffer) {
        __sink_put(out->sink, out->buffer, (size_t)out->used);
        out->used = 0;
    }
    out->buffer[out->used++] = c;
}

static void out_flush(struct float_output *out) {
    __sink_put(out->sink, out->buffer, (size_t)out->used);
    out->used = 0;
}

static int multiply_limbs(unsigned int *limbs, int count, unsigned int factor) {
    unsigned int carry = 0;
    int i;
    for (i = 0; i < count; i++) {
        unsigned int v = limbs[i] * factor + carry;
        limbs[i] = v % 10000;
        carry = v / 10000;
    }
    for (; carry != 0; carry /= 10000)
        limbs[count++] = carry % 10000;
    return count;
}

static void strip_trailing_zeros(struct decimal *d) {
    while (d->length > 0 && d->digits[d->length - 1] == '0')
        d->length--;
}

/* mantissa x 2^exponent2, exactly: times 2^e as 2^18 steps, or for negative e times 5^-e
   (in 5^8 steps) with the point moved left by -e places. Each step stays below 2^32. */
static void exact_decimal(unsigned long long mantissa, int exponent2, struct decimal *d) {
    unsigned int limbs[LIMBS];
    int count = 0, i, fraction_digits = exponent2 < 0 ? -exponent2 : 0;
    char *p = d->digits;
    while (mantissa != 0) {
        limbs[count++] = (unsigned int)(mantissa % 10000);
        mantissa /= 10000;
    }
    for (i = exponent2; i >= 18; i -= 18)
        count = multiply_limbs(limbs, count, 1u << 18);
    if (i > 0)
        count = multiply_limbs(limbs, count, 1u << i);
    for (i = -exponent2; i >= 8; i -= 8)
        count = multiply_limbs(limbs, count, 390625);
    for (; i > 0; i--)
        count = multiply_limbs(limbs, count, 5);
    for (i = count - 1; i >= 0; i--) {
        unsigned int limb = limbs[i];
        char group[4] = {(char)('0' + limb / 1000), (char)('0' + limb / 100 % 10), (char)('0' + limb / 10 % 10),
                         (char)('0' + limb % 10)};
        int start = 0;
        if (i == count - 1)
            while (start < 3 && group[start] == '0')
                start++;
        memcpy(p, group + start, (size_t)(4 - start));
        p += 4 - start;
    }
    d->length = (int)(p - d->digits);
    d->point = d->length - fraction_digits;
    strip_trailing_zeros(d);
    if (d->length == 0)
        d->point = 1; /* zero: one integer digit, like any number below ten */
}

/* The digit with place value 10^(point - 1 - index); zero outside the significant ones. */
static char digit_at(const struct decimal *d, int index) {
    return index >= 0 && index < d->length ? d->digits[index] : '0';
}

/* Keeps the first `keep` digits, rounding half to even on the exact remainder. */
static void round_decimal(struct decimal *d, int keep) {
    int up, i;
    if (keep >= d->length)
        return;
    if (keep < 0) {
        d->length = 0;
        return;
    }
    up = d->digits[keep] > '5' ||
         (d->digits[keep] == '5' && (d->length > keep + 1 || (keep > 0 && (d->digits[keep - 1] - '0') % 2 == 1)));
    d->length = keep;
    if (up) {
        for (i = keep - 1; i >= 0 && d->digits[i] == '9'; i--)
            d->digits[i] = '0';
        if (i >= 0) {
            d->digits[i]++;
        } else {
            memmove(d->digits + 1, d->digits, (size_t)d->length);
            d->digits[0] = '1';
            d->length++;
            d->point++;
        }
    }
    strip_trailing_zeros(d);
}

/* Width padding around a body of body_length characters written by the caller afterwards. */
static void pad_before(struct float_output *out, const struct conversion *c, const char *prefix, int body_length,
                       int zero_padding_allowed) {
    int length = (int)strlen(prefix) + body_length;
    int padding = c->width > length ? c->width - length : 0;
    int zeros = zero_padding_allowed && (c->flags & FLAG_ZERO) && !(c->flags & FLAG_LEFT);
    if (!zeros && !(c->flags & FLAG_LEFT))
        for (; padding > 0; padding--)
            out_char(out, ' ');
    for (; *prefix; prefix++)
        out_char(out, *prefix);
    if (zeros)
        for (; padding > 0; padding--)
            out_char(out, '0');
}

static void pad_after(struct float_output *out, const struct conversion *c, const char *prefix, int body_length) {
    int padding = c->width - (int)strlen(prefix) - body_length;
    if (c->flags & FLAG_LEFT)
        for (; padding > 0; padding--)
            out_char(out, ' ');
}

/* ddd.ddd with `precision` fraction digits (d already rounded to them). */
static void emit_fixed(struct float_output *out, const struct conversion *c, const char *sign, const struct decimal *d,
                       int precision) {
    int integer_digits = d->point > 0 ? d->point : 1;
    int dot = precision > 0 || (c->flags & FLAG_ALT);
    int body = integer_digits + dot + precision, i;
    pad_before(out, c, sign, body, 1);
    if (d->point > 0)
        for (i = 0; i < d->point; i++)
            out_char(out, digit_at(d, i));
    else
        out_char(out, '0');
    if (dot)
        out_char(out, '.');
    for (i = 1; i <= precision; i++)
        out_char(out, digit_at(d, d->point - 1 + i));
    pad_after(out, c, sign, body);
}

/* d.ddde+XX with `precision` digits after the point (d already rounded to them). */
static void emit_exponential(struct float_output *out, const struct conversion *c, const char *sign,
                             const struct decimal *d, int precision, char e) {
    int exponent = d->length == 0 ? 0 : d->point - 1;
    int magnitude = exponent < 0 ? -exponent : exponent;
    int exponent_digits = magnitude >= 100 ? 3 : 2;
    int dot = precision > 0 || (c->flags & FLAG_ALT);
    int body = 1 + dot + precision + 2 + exponent_digits, i;
    pad_before(out, c, sign, body, 1);
    out_char(out, digit_at(d, 0));
    if (dot)
        out_char(out, '.');
    for (i = 1; i <= precision; i++)
        out_char(out, digit_at(d, i));
    out_char(out, e);
    out_char(out, exponent < 0 ? '-' : '+');
    if (exponent_digits == 3)
        out_char(out, (char)('0' + magnitude / 100));
    out_char(out, (char)('0' + magnitude / 10 % 10));
    out_char(out, (char)('0' + magnitude % 10));
    pad_after(out, c, sign, body);
}

/* %g: %e's style when the exponent is below -4 or not below the precision, else %f's; trailing
   zeros go unless '#' was given. */
static void emit_general(struct float_output *out, const struct conversion *c, const char *sign, struct decimal *d,
                         int precision, int upper) {
    int significant = precision < 0 ? 6 : precision == 0 ? 1 : precision;
    int exponent, kept;
    round_decimal(d, significant);
    exponent = d->length == 0 ? 0 : d->point - 1;
    if (exponent < significant && exponent >= -4) {
        kept = significant - 1 - exponent;
        if (!(c->flags & FLAG_ALT) && kept > d->length - d->point)
            kept = d->length - d->point > 0 ? d->length - d->point : 0;
        emit_fixed(out, c, sign, d, kept);
    } else {
        kept = significant - 1;
        if (!(c->flags & FLAG_ALT) && kept > d->length - 1)
            kept = d->length > 1 ? d->length - 1 : 0;
        emit_exponential(out, c, sign, d, kept, upper ? 'E' : 'e');
    }
}

/* %a: 0x1.hhhp+d for normal numbers, 0x0.hhhp-1022 for subnormal ones, rounded half to even
   when a precision cuts hex digits off. */
static void emit_hex(struct float_output *out, const struct conversion *c, const char *sign, unsigned long long fraction,
                     int biased_exponent, int upper) {
    const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char prefix[4] = {sign[0], '0', upper ? 'X' : 'x', 0};
    int lead = biased_exponent != 0, exponent = biased_exponent == 0 ? (fraction ? -1022 : 0) : biased_exponent - 1023;
    int digits = 13, precision = c->precision, body, i, magnitude, exponent_length;
    char exponent_text[8];
    if (!sign[0]) {
        prefix[0] = '0';
        prefix[1] = upper ? 'X' : 'x';
        prefix[2] = 0;
    }
    while (digits > 0 && !((fraction >> (4 * (13 - digits))) & 0xf))
        digits--;
    if (precision >= 0 && precision < digits) {
        int dropped = 4 * (13 - precision);
        unsigned long long half = 1ULL << (dropped - 1), rest = fraction & ((half << 1) - 1);
        fraction >>= dropped;
        if (rest > half || (rest == half && (precision > 0 ? (fraction & 1) : lead)))
            fraction++;
        if (precision == 0 ? fraction > 0 : fraction >> (4 * precision)) {
            lead++; /* 0xf.f rounded up to 0x2.0, as glibc prints it */
            fraction &= precision == 0 ? 0 : (1ULL << (4 * precision)) - 1;
        }
        fraction <<= dropped;
        digits = precision;
    } else if (precision > digits) {
        digits = precision;
    }
    magnitude = exponent < 0 ? -exponent : exponent;
    exponent_length = 0;
    do {
        exponent_text[exponent_length++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    body = 1 + (digits > 0 || (c->flags & FLAG_ALT)) + digits + 2 + exponent_length;
    pad_before(out, c, prefix, body, 1);
    out_char(out, (char)('0' + lead));
    if (digits > 0 || (c->flags & FLAG_ALT))
        out_char(out, '.');
    for (i = 0; i < digits; i++)
        out_char(out, i < 13 ? hex[(fraction >> (4 * (12 - i))) & 0xf] : '0');
    out_char(out, upper ? 'P' : 'p');
    out_char(out, exponent < 0 ? '-' : '+');
    while (exponent_length > 0)
        out_char(out, exponent_text[--exponent_length]);
    pad_after(out, c, prefix, body);
}

void __format_double(struct format_sink *sink, const struct conversion *c, unsigned long long bits) {
    struct float_output out;
    struct decimal d;
    char spec = c->specifier;
    int upper = spec == 'F' || spec == 'E' || spec == 'G' || spec == 'A';
    int biased_exponent = (int)((bits >> 52) & 0x7ff);
    unsigned long long fraction = bits & ((1ULL << 52) - 1);
    int precision = c->precision < 0 ? 6 : c->precision;
    const char *sign = bits >> 63 ? "-" : (c->flags & FLAG_PLUS) ? "+" : (c->flags & FLAG_SPACE) ? " " : "";
    out.sink = sink;
    out.used = 0;
    if (biased_exponent == 0x7ff) {
        const char *word = fraction ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        pad_before(&out, c, sign, 3, 0);
        out_char(&out, word[0]);
        out_char(&out, word[1]);
        out_char(&out, word[2]);
        pad_after(&out, c, sign, 3);
    } else if (spec == 'a' || spec == 'A') {
        emit_hex(&out, c, sign, fraction, biased_exponent, upper);
    } else {
        if (biased_exponent == 0)
            exact_decimal(fraction, -1074, &d);
        else
            exact_decimal(fraction | (1ULL << 52), biased_exponent - 1075, &d);
        if (spec == 'f' || spec == 'F') {
            round_decimal(&d, d.point + precision);
            emit_fixed(&out, c, sign, &d, precision);
        } else if (spec == 'e' || spec == 'E') {
            round_decimal(&d, precision + 1);
            emit_exponential(&out, c, sign, &d, precision, upper ? 'E' : 'e');
        } else {
            emit_general(&out, c, sign, &d, c->precision, upper);
        }
    }
    out_flush(&out);
}
