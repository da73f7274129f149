/* C11 atomics (7.17) as macros over the compiler's __atomic_* builtins (oslab's compiler, gcc);
   clang refuses those on _Atomic objects, so under clang the same macros use its __c11_atomic_*
   twins. Every object type is spelled _Atomic T. On RV32IMA the 8- and 16-bit
   and 32-bit forms compile to lr/sc or amo instructions; 64-bit atomics are not lock-free. */
#ifndef _STDATOMIC_H
#define _STDATOMIC_H

#include <bits/types.h>

typedef enum {
    memory_order_relaxed = 0,
    memory_order_consume = 1,
    memory_order_acquire = 2,
    memory_order_release = 3,
    memory_order_acq_rel = 4,
    memory_order_seq_cst = 5
} memory_order;

typedef _Atomic _Bool atomic_bool;
typedef _Atomic char atomic_char;
typedef _Atomic signed char atomic_schar;
typedef _Atomic unsigned char atomic_uchar;
typedef _Atomic short atomic_short;
typedef _Atomic unsigned short atomic_ushort;
typedef _Atomic int atomic_int;
typedef _Atomic unsigned int atomic_uint;
typedef _Atomic long atomic_long;
typedef _Atomic unsigned long atomic_ulong;
typedef _Atomic long long atomic_llong;
typedef _Atomic unsigned long long atomic_ullong;
typedef _Atomic intptr_t atomic_intptr_t;
typedef _Atomic uintptr_t atomic_uintptr_t;
typedef _Atomic size_t atomic_size_t;
typedef _Atomic ptrdiff_t atomic_ptrdiff_t;
typedef _Atomic intmax_t atomic_intmax_t;
typedef _Atomic uintmax_t atomic_uintmax_t;

#ifdef __clang__
#define __atomic_op_store(obj, value, order) __c11_atomic_store(obj, value, order)
#define __atomic_op_load(obj, order) __c11_atomic_load(obj, order)
#define __atomic_op_exchange(obj, value, order) __c11_atomic_exchange(obj, value, order)
#define __atomic_op_cas(obj, expected, desired, weak, success, failure) \
    ((weak) ? __c11_atomic_compare_exchange_weak(obj, expected, desired, success, failure) \
            : __c11_atomic_compare_exchange_strong(obj, expected, desired, success, failure))
#define __atomic_op_fetch_add(obj, value, order) __c11_atomic_fetch_add(obj, value, order)
#define __atomic_op_fetch_sub(obj, value, order) __c11_atomic_fetch_sub(obj, value, order)
#define __atomic_op_fetch_or(obj, value, order) __c11_atomic_fetch_or(obj, value, order)
#define __atomic_op_fetch_and(obj, value, order) __c11_atomic_fetch_and(obj, value, order)
#define __atomic_op_fetch_xor(obj, value, order) __c11_atomic_fetch_xor(obj, value, order)
#else
#define __atomic_op_store(obj, value, order) __atomic_store_n(obj, value, order)
#define __atomic_op_load(obj, order) __atomic_load_n(obj, order)
#define __atomic_op_exchange(obj, value, order) __atomic_exchange_n(obj, value, order)
#define __atomic_op_cas(obj, expected, desired, weak, success, failure) \
    __atomic_compare_exchange_n(obj, expected, desired, weak, success, failure)
#define __atomic_op_fetch_add(obj, value, order) __atomic_fetch_add(obj, value, order)
#define __atomic_op_fetch_sub(obj, value, order) __atomic_fetch_sub(obj, value, order)
#define __atomic_op_fetch_or(obj, value, order) __atomic_fetch_or(obj, value, order)
#define __atomic_op_fetch_and(obj, value, order) __atomic_fetch_and(obj, value, order)
#define __atomic_op_fetch_xor(obj, value, order) __atomic_fetch_xor(obj, value, order)
#endif

#define ATOMIC_VAR_INIT(value) (value)
#define atomic_init(obj, value) __atomic_op_store(obj, value, memory_order_relaxed)
#define kill_dependency(y) (y)

#define ATOMIC_BOOL_LOCK_FREE 2
#define ATOMIC_CHAR_LOCK_FREE 2
#define ATOMIC_SHORT_LOCK_FREE 2
#define ATOMIC_INT_LOCK_FREE 2
#define ATOMIC_LONG_LOCK_FREE 2
#define ATOMIC_LLONG_LOCK_FREE 1
#define ATOMIC_POINTER_LOCK_FREE 2

#define atomic_thread_fence(order) __atomic_thread_fence(order)
#define atomic_signal_fence(order) __atomic_signal_fence(order)
#define atomic_is_lock_free(obj) (sizeof *(obj) <= 4)

#define atomic_store_explicit(obj, desired, order) __atomic_op_store(obj, desired, order)
#define atomic_store(obj, desired) atomic_store_explicit(obj, desired, memory_order_seq_cst)
#define atomic_load_explicit(obj, order) __atomic_op_load(obj, order)
#define atomic_load(obj) atomic_load_explicit(obj, memory_order_seq_cst)
#define atomic_exchange_explicit(obj, desired, order) __atomic_op_exchange(obj, desired, order)
#define atomic_exchange(obj, desired) atomic_exchange_explicit(obj, desired, memory_order_seq_cst)

#define atomic_compare_exchange_strong_explicit(obj, expected, desired, success, failure) \
    __atomic_op_cas(obj, expected, desired, 0, success, failure)
#define atomic_compare_exchange_strong(obj, expected, desired) \
    atomic_compare_exchange_strong_explicit(obj, expected, desired, memory_order_seq_cst, memory_order_seq_cst)
#define atomic_compare_exchange_weak_explicit(obj, expected, desired, success, failure) \
    __atomic_op_cas(obj, expected, desired, 1, success, failure)
#define atomic_compare_exchange_weak(obj, expected, desired) \
    atomic_compare_exchange_weak_explicit(obj, expected, desired, memory_order_seq_cst, memory_order_seq_cst)

#define atomic_fetch_add_explicit(obj, operand, order) __atomic_op_fetch_add(obj, operand, order)
#define atomic_fetch_add(obj, operand) atomic_fetch_add_explicit(obj, operand, memory_order_seq_cst)
#define atomic_fetch_sub_explicit(obj, operand, order) __atomic_op_fetch_sub(obj, operand, order)
#define atomic_fetch_sub(obj, operand) atomic_fetch_sub_explicit(obj, operand, memory_order_seq_cst)
#define atomic_fetch_or_explicit(obj, operand, order) __atomic_op_fetch_or(obj, operand, order)
#define atomic_fetch_or(obj, operand) atomic_fetch_or_explicit(obj, operand, memory_order_seq_cst)
#define atomic_fetch_and_explicit(obj, operand, order) __atomic_op_fetch_and(obj, operand, order)
#define atomic_fetch_and(obj, operand) atomic_fetch_and_explicit(obj, operand, memory_order_seq_cst)
#define atomic_fetch_xor_explicit(obj, operand, order) __atomic_op_fetch_xor(obj, operand, order)
#define atomic_fetch_xor(obj, operand) atomic_fetch_xor_explicit(obj, operand, memory_order_seq_cst)

/* A plain byte, not _Atomic: the builtins below are the only way it is ever touched. */
typedef struct {
    unsigned char __value;
} atomic_flag;

#define ATOMIC_FLAG_INIT {0}
#define atomic_flag_test_and_set_explicit(flag, order) __atomic_test_and_set(&(flag)->__value, order)
#define atomic_flag_test_and_set(flag) atomic_flag_test_and_set_explicit(flag, memory_order_seq_cst)
#define atomic_flag_clear_explicit(flag, order) __atomic_clear(&(flag)->__value, order)
#define atomic_flag_clear(flag) atomic_flag_clear_explicit(flag, memory_order_seq_cst)

#endif
