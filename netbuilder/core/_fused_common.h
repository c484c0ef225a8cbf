/* What the compiled modules _fused.c and _fused_layers.c share: the includes and the compiler
 * attributes. Both compile without fused multiply-add and without fast-math (setup.py), so each
 * float operation is rounded once, as NumPy rounds it. */
#ifndef NB_FUSED_COMMON_H
#define NB_FUSED_COMMON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
/* one compiled copy per vector width, chosen when the library loads */
#define NB_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NB_CLONES
#endif

#if defined(_MSC_VER)
#define NB_RESTRICT __restrict /* MSVC's C compiler knows C99's restrict by this name */
#else
#define NB_RESTRICT restrict
#endif

#endif
