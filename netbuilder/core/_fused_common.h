/* What the compiled modules _fused.c and _fused_layers.c share: the includes, the compiler
 * attributes and the handling of the arrays a call hands in. Both compile without fused multiply-add and without fast-math (setup.py), so each
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


/* how the error messages start */
#define NB_UPDATE "fused update"
#define NB_LAYER_PASS "fused layer pass"

/* ------------------------------------------------------------------ buffers
 * The arrays a call hands in, taken through the buffer protocol: contiguous, of one float dtype. */
#define NB_MAX_BUFS 5

typedef struct {
    Py_buffer view[NB_MAX_BUFS];
    int held[NB_MAX_BUFS];
    void *ptr[NB_MAX_BUFS];
    Py_ssize_t len[NB_MAX_BUFS]; /* items */
} Buffers;

static inline void release(Buffers *b) {
    for (int i = 0; i < NB_MAX_BUFS; i++)
        if (b->held[i]) PyBuffer_Release(&b->view[i]);
}

/* Take the buffers of objs[0..k) (None allowed where optional[i]; writable where writable[i]),
 * each C-contiguous with items of the dtype `code` ('f': float32, 'd': float64); `who` starts the
 * error messages. 0 on success, -1 with an exception set (nothing held). */
static inline int take(Buffers *b, PyObject **objs, const int *optional, const int *writable, int k, int code,
                       const char *who) {
    memset(b, 0, sizeof(*b));
    if (code != 'f' && code != 'd') {
        PyErr_Format(PyExc_TypeError, "%s: dtype must be 'f' (float32) or 'd' (float64)", who);
        return -1;
    }
    Py_ssize_t itemsize = code == 'd' ? 8 : 4;
    for (int i = 0; i < k; i++) {
        if (objs[i] == Py_None && optional[i]) continue;
        int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable[i] ? PyBUF_WRITABLE : 0);
        if (PyObject_GetBuffer(objs[i], &b->view[i], flags) < 0) {
            release(b);
            return -1;
        }
        b->held[i] = 1;
        b->ptr[i] = b->view[i].buf;
        const char *fmt = b->view[i].format;
        size_t flen = fmt ? strlen(fmt) : 0;
        if (b->view[i].itemsize != itemsize || flen == 0 || fmt[flen - 1] != code) {
            PyErr_Format(PyExc_TypeError, "%s: arrays must all have the dtype asked for", who);
            release(b);
            return -1;
        }
        b->len[i] = b->view[i].len / itemsize;
    }
    return 0;
}

/* 1 when two held buffers share memory */
static inline int overlap(const Buffers *b) {
    for (int i = 0; i < NB_MAX_BUFS; i++) {
        if (!b->held[i]) continue;
        for (int j = i + 1; j < NB_MAX_BUFS; j++) {
            if (!b->held[j]) continue;
            const char *p = (const char *)b->ptr[i], *q = (const char *)b->ptr[j];
            if (p < q + b->view[j].len && q < p + b->view[i].len) return 1;
        }
    }
    return 0;
}

#endif
