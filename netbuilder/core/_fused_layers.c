/* Fused layer passes: Dense's bias and ReLU in one pass, and their gradients in one pass; max
 * pooling's windows and their gradient in one pass each; col2im's adds in one pass; Embedding's
 * gradient (a scatter-add of rows) in one pass.
 *
 * An optional compiled extension of netbuilder.core, built by setup.py beside _fused.c (the
 * optimizers' kernels); without a C compiler Dense runs its NumPy code. The Python side is
 * netbuilder/core/layers/fused.py, which checks the arrays before calling in.
 *
 * Like _fused.c, each kernel applies exactly the rounded operations of the NumPy code it replaces,
 * in the same order and dtype, compiled without fused multiply-add and without fast-math, so both
 * paths give bit-identical results (tests/core/test_fused_layers.py compares them):
 *
 *   bias_act:   z += bias; z = maximum(z, 0)          NumPy: z += b; y = np.maximum(z, 0.0)
 *               (NaN propagates; -0.0 becomes +0.0, as NumPy's maximum gives)
 *   relu_grad:  out = g * (y > 0); bias_grad = out.sum(axis=0)
 *               (g * 0.0 where y <= 0 or y is NaN, keeping -0.0 and NaN as NumPy does; the column
 *               sums start from +0 and add the rows in order, NumPy's order for a reduction over
 *               the rows of a C-contiguous array: a column of -0.0 sums to +0.0)
 *
 * Arguments: contiguous float32 or float64 buffers (NumPy arrays) given through the buffer
 * protocol, row-major (rows, cols) with cols given. Each returns True after the pass, False when
 * two buffers overlap (the caller then runs the NumPy code). The loops release the GIL.
 */
#include "_fused_common.h"

/* NumPy's maximum(t, 0): t when t > 0 or t is NaN, else +0 */
#define NB_RELU(T, t) (((t) > 0 || (t) != (t)) ? (t) : (T)0)

#define BIAS_ACT_KERNEL(NAME, T)                                                                    \
    NB_CLONES static void NAME(T *z, const T *b, Py_ssize_t rows, Py_ssize_t cols, int relu) {      \
        for (Py_ssize_t r = 0; r < rows; r++) {                                                     \
            T *zr = z + r * cols;                                                                   \
            if (b && relu) {                                                                        \
                for (Py_ssize_t j = 0; j < cols; j++) {                                             \
                    T t = zr[j] + b[j];                                                             \
                    zr[j] = NB_RELU(T, t);                                                          \
                }                                                                                   \
            } else if (b) {                                                                         \
                for (Py_ssize_t j = 0; j < cols; j++) zr[j] = zr[j] + b[j];                         \
            } else if (relu) {                                                                      \
                for (Py_ssize_t j = 0; j < cols; j++) {                                             \
                    T t = zr[j];                                                                    \
                    zr[j] = NB_RELU(T, t);                                                          \
                }                                                                                   \
            }                                                                                       \
        }                                                                                           \
    }
BIAS_ACT_KERNEL(bias_act_f32, float)
BIAS_ACT_KERNEL(bias_act_f64, double)

#define RELU_GRAD_KERNEL(NAME, T)                                                                   \
    NB_CLONES static void NAME(const T *g, const T *y, T *out, T *bsum, Py_ssize_t rows,            \
                               Py_ssize_t cols) {                                                   \
        for (Py_ssize_t r = 0; r < rows; r++) {                                                     \
            const T *gr = g + r * cols, *yr = y + r * cols;                                         \
            T *o = out + r * cols;                                                                  \
            for (Py_ssize_t j = 0; j < cols; j++) {                                                 \
                T gi = gr[j];                                                                       \
                o[j] = yr[j] > 0 ? gi : gi * (T)0;                                                  \
            }                                                                                       \
            if (!bsum) continue;                                                                    \
            if (r == 0)                                                                             \
                for (Py_ssize_t j = 0; j < cols; j++) bsum[j] = (T)0 + o[j];                        \
            else                                                                                    \
                for (Py_ssize_t j = 0; j < cols; j++) bsum[j] = bsum[j] + o[j];                     \
        }                                                                                           \
    }
RELU_GRAD_KERNEL(relu_grad_f32, float)
RELU_GRAD_KERNEL(relu_grad_f64, double)

/* ------------------------------------------------------------------ max pooling
 * On a padded NHWC input x (n, h, w, c) and windows (ph, pw) at strides (sh, sw), for each output
 * (n, oh, ow, c), with the window's offsets k = di * pw + dj in order (BasePooling.forward):
 *   y = x[k=0]; idx = 0; then for k = 1, 2, ...: better = x_k > y; y = maximum(y, x_k);
 *   idx = k where better       (the first maximum; NaN propagates as np.maximum gives it)
 * backward, windows that do not overlap (BasePooling.backward): dx[window offset k] = g * (idx == k)
 */
/* NumPy's maximum(a, b): NaN in either propagates, else the larger; b when they are equal (+-0) */
#define NB_NPMAX(a, b) ((a) != (a) ? (a) : ((a) > (b) ? (a) : (b)))

/* 1 when the bytes a and b are equal, else 0, without a compare: a branch there, on random
 * window offsets, made the loop 20x slower where it did not vectorize (no AVX-512) */
#define NB_EQ01(a, b) ((((unsigned)((a) ^ (b))) - 1u) >> 31)

#define MAXPOOL_KERNEL(NAME, T)                                                                     \
    NB_CLONES static void NAME(const T *x, T *y, unsigned char *idx, Py_ssize_t n, Py_ssize_t h,   \
                               Py_ssize_t w, Py_ssize_t c, Py_ssize_t oh, Py_ssize_t ow, int ph,    \
                               int pw, int sh, int sw) {                                            \
        for (Py_ssize_t b = 0; b < n; b++)                                                          \
            for (Py_ssize_t i = 0; i < oh; i++)                                                     \
                for (Py_ssize_t j = 0; j < ow; j++) {                                               \
                    Py_ssize_t o = ((b * oh + i) * ow + j) * c;                                     \
                    T *NB_RESTRICT yr = y + o;                                                         \
                    unsigned char *NB_RESTRICT ir = idx + o;                                           \
                    const T *NB_RESTRICT x0 = x + ((b * h + i * sh) * w + j * sw) * c;                 \
                    for (Py_ssize_t q = 0; q < c; q++) {                                            \
                        yr[q] = x0[q];                                                              \
                        ir[q] = 0;                                                                  \
                    }                                                                               \
                    for (int k = 1; k < ph * pw; k++) {                                             \
                        const T *xk = x0 + ((Py_ssize_t)(k / pw) * w + k % pw) * c;                 \
                        const unsigned char kk = (unsigned char)k;                                  \
                        for (Py_ssize_t q = 0; q < c; q++) { /* no branch: the loop vectorizes */   \
                            T v = xk[q], m = yr[q];                                                 \
                            unsigned char better = (unsigned char)(v > m) * kk, old = ir[q];        \
                            ir[q] = old > better ? old : better;                                    \
                            yr[q] = NB_NPMAX(m, v);                                                 \
                        }                                                                           \
                    }                                                                               \
                }                                                                                   \
    }
MAXPOOL_KERNEL(maxpool_f32, float)
MAXPOOL_KERNEL(maxpool_f64, double)

#define MAXPOOL_GRAD_KERNEL(NAME, T)                                                                \
    static inline void NAME##_row(T *NB_RESTRICT d, const T *NB_RESTRICT g, const unsigned char *NB_RESTRICT ix,  \
                                  unsigned char k, Py_ssize_t c) {                                  \
        for (Py_ssize_t q = 0; q < c; q++) d[q] = g[q] * (T)NB_EQ01(ix[q], k); /* g * (idx == k) */  \
    }                                                                                               \
    NB_CLONES static void NAME(const T *g, const unsigned char *idx, T *dx, Py_ssize_t n,          \
                               Py_ssize_t h, Py_ssize_t w, Py_ssize_t c, Py_ssize_t oh,             \
                               Py_ssize_t ow, int ph, int pw, int sh, int sw) {                     \
        for (Py_ssize_t b = 0; b < n; b++)                                                          \
            for (Py_ssize_t i = 0; i < oh; i++)                                                     \
                for (Py_ssize_t j = 0; j < ow; j++) {                                               \
                    Py_ssize_t o = ((b * oh + i) * ow + j) * c;                                     \
                    T *d0 = dx + ((b * h + i * sh) * w + j * sw) * c;                               \
                    for (int di = 0; di < ph; di++)                                                 \
                        for (int dj = 0; dj < pw; dj++)                                             \
                            NAME##_row(d0 + (di * w + dj) * c, g + o, idx + o,                      \
                                       (unsigned char)(di * pw + dj), c);                           \
                }                                                                                   \
    }
MAXPOOL_GRAD_KERNEL(maxpool_grad_f32, float)
MAXPOOL_GRAD_KERNEL(maxpool_grad_f64, double)

/* ------------------------------------------------------------------ col2im
 * The adjoint of im2col without width dilation (_im2col.col2im's NumPy adds, in their order): for
 * each kernel row i and each phase r < q = ceil(kw / sw), the windows ow = r, r + q, ... (which do
 * not overlap) add their kw*c run of cols into out:
 *   out[b, oh*sh + i*dh, ow*sw : ow*sw + kw, :] += cols[b, oh, ow, i, :, :]
 * so every element of out receives its terms in the same order as there (bit-identical sums).
 */
#define COL2IM_KERNEL(NAME, T)                                                                      \
    NB_CLONES static void NAME(const T *cols, T *out, Py_ssize_t n, Py_ssize_t hp, Py_ssize_t wp,   \
                               Py_ssize_t c, Py_ssize_t oh, Py_ssize_t ow, int kh, int kw, int sh,  \
                               int sw, int dh) {                                                    \
        Py_ssize_t run = (Py_ssize_t)kw * c, q = (kw + sw - 1) / sw;                                \
        for (Py_ssize_t b = 0; b < n; b++)                                                          \
            for (int i = 0; i < kh; i++)                                                            \
                for (Py_ssize_t r = 0; r < q && r < ow; r++)                                        \
                    for (Py_ssize_t y = 0; y < oh; y++)                                             \
                        for (Py_ssize_t x = r; x < ow; x += q) {                                    \
                            const T *NB_RESTRICT src = cols + (((b * oh + y) * ow + x) * kh + i) * run;\
                            T *NB_RESTRICT dst = out + ((b * hp + y * sh + (Py_ssize_t)i * dh) * wp + x * sw) * c; \
                            for (Py_ssize_t t = 0; t < run; t++) dst[t] = dst[t] + src[t];          \
                        }                                                                           \
    }
COL2IM_KERNEL(col2im_f32, float)
COL2IM_KERNEL(col2im_f64, double)

/* ------------------------------------------------------------------ scatter-add of rows
 * out[idx[k], :] += values[k, :] for k = 0, 1, ... in order (Embedding's gradient): each element of
 * out gets its terms in the order np.add.at adds them, so the sums are bit-identical.
 */
#define SCATTER_KERNEL(NAME, T)                                                                     \
    NB_CLONES static void NAME(const long long *idx, const T *values, T *out, Py_ssize_t k,         \
                               Py_ssize_t d) {                                                      \
        for (Py_ssize_t r = 0; r < k; r++) {                                                        \
            T *NB_RESTRICT dst = out + (Py_ssize_t)idx[r] * d;                                      \
            const T *NB_RESTRICT src = values + r * d;                                              \
            for (Py_ssize_t j = 0; j < d; j++) dst[j] = dst[j] + src[j];                            \
        }                                                                                           \
    }
SCATTER_KERNEL(scatter_f32, float)
SCATTER_KERNEL(scatter_f64, double)

/* ------------------------------------------------------------------ argument handling */
#define MAX_BUFS 4

typedef struct {
    Py_buffer view[MAX_BUFS];
    int held[MAX_BUFS];
    void *ptr[MAX_BUFS];
    Py_ssize_t len[MAX_BUFS]; /* items */
} Buffers;

static void release(Buffers *b) {
    for (int i = 0; i < MAX_BUFS; i++)
        if (b->held[i]) PyBuffer_Release(&b->view[i]);
}

/* Take the buffers of objs[0..k) (None allowed where optional[i]; writable where writable[i]),
 * each contiguous with items of `itemsize` bytes of the dtype `code` ('f' or 'd'). 0 on success,
 * -1 with an exception set (nothing held). */
static int take(Buffers *b, PyObject **objs, const int *optional, const int *writable, int k, int code) {
    memset(b, 0, sizeof(*b));
    if (code != 'f' && code != 'd') {
        PyErr_SetString(PyExc_TypeError, "fused layer pass: dtype must be 'f' (float32) or 'd' (float64)");
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
            PyErr_SetString(PyExc_TypeError, "fused layer pass: arrays must all have the dtype asked for");
            release(b);
            return -1;
        }
        b->len[i] = b->view[i].len / itemsize;
    }
    return 0;
}

/* 1 when two held buffers share memory */
static int overlap(const Buffers *b) {
    for (int i = 0; i < MAX_BUFS; i++) {
        if (!b->held[i]) continue;
        for (int j = i + 1; j < MAX_BUFS; j++) {
            if (!b->held[j]) continue;
            const char *p = (const char *)b->ptr[i], *q = (const char *)b->ptr[j];
            if (p < q + b->view[j].len && q < p + b->view[i].len) return 1;
        }
    }
    return 0;
}

static PyObject *bad_size(Buffers *b, const char *what) {
    PyErr_SetString(PyExc_ValueError, what);
    release(b);
    return NULL;
}

static PyObject *py_bias_act(PyObject *self, PyObject *args) {
    PyObject *objs[2];
    int code, relu;
    Py_ssize_t cols;
    static const int optional[2] = {0, 1}, writable[2] = {1, 0};
    if (!PyArg_ParseTuple(args, "COOnp", &code, &objs[0], &objs[1], &cols, &relu)) return NULL;
    Buffers b;
    if (take(&b, objs, optional, writable, 2, code) < 0) return NULL;
    if (cols <= 0 || b.len[0] % cols != 0)
        return bad_size(&b, "fused layer pass: z must hold whole rows of cols items");
    if (b.held[1] && b.len[1] != cols)
        return bad_size(&b, "fused layer pass: bias must hold cols items");
    if (overlap(&b)) {
        release(&b);
        Py_RETURN_FALSE;
    }
    Py_ssize_t rows = b.len[0] / cols;
    Py_BEGIN_ALLOW_THREADS
    if (code == 'd')
        bias_act_f64(b.ptr[0], b.ptr[1], rows, cols, relu);
    else
        bias_act_f32(b.ptr[0], b.ptr[1], rows, cols, relu);
    Py_END_ALLOW_THREADS
    release(&b);
    Py_RETURN_TRUE;
}

static PyObject *py_relu_grad(PyObject *self, PyObject *args) {
    PyObject *objs[4];
    int code;
    Py_ssize_t cols;
    static const int optional[4] = {0, 0, 0, 1}, writable[4] = {0, 0, 1, 1};
    if (!PyArg_ParseTuple(args, "COOOOn", &code, &objs[0], &objs[1], &objs[2], &objs[3], &cols)) return NULL;
    Buffers b;
    if (take(&b, objs, optional, writable, 4, code) < 0) return NULL;
    if (cols <= 0 || b.len[0] % cols != 0 || b.len[1] != b.len[0] || b.len[2] != b.len[0])
        return bad_size(&b, "fused layer pass: g, y and out must hold the same whole rows of cols items");
    if (b.held[3] && b.len[3] != cols)
        return bad_size(&b, "fused layer pass: bias_grad must hold cols items");
    if (overlap(&b)) {
        release(&b);
        Py_RETURN_FALSE;
    }
    Py_ssize_t rows = b.len[0] / cols;
    Py_BEGIN_ALLOW_THREADS
    if (code == 'd')
        relu_grad_f64(b.ptr[0], b.ptr[1], b.ptr[2], b.ptr[3], rows, cols);
    else
        relu_grad_f32(b.ptr[0], b.ptr[1], b.ptr[2], b.ptr[3], rows, cols);
    Py_END_ALLOW_THREADS
    release(&b);
    Py_RETURN_TRUE;
}

/* The geometry of a pooling call: checked so that every window lies inside the input */
typedef struct {
    Py_ssize_t n, h, w, c, oh, ow;
    int ph, pw, sh, sw;
} Pool;

static int pool_geometry(Pool *p, const Buffers *b, int xi, int yi, int ii) {
    if (b->view[ii].itemsize != 1) {
        PyErr_SetString(PyExc_TypeError, "fused pooling: the index array must be uint8");
        return -1;
    }
    if (p->ph < 1 || p->pw < 1 || p->sh < 1 || p->sw < 1 || p->ph * p->pw > 256 || p->h < 1 || p->w < 1 ||
        p->c < 1 || p->oh < 1 || p->ow < 1 || (p->oh - 1) * p->sh + p->ph > p->h ||
        (p->ow - 1) * p->sw + p->pw > p->w) {
        PyErr_SetString(PyExc_ValueError, "fused pooling: windows must lie inside the input (at most 256 each)");
        return -1;
    }
    Py_ssize_t image = p->h * p->w * p->c, out = p->oh * p->ow * p->c;
    p->n = b->len[xi] / image;
    if (b->len[xi] != p->n * image || b->len[yi] != p->n * out || b->view[ii].len != p->n * out) {
        PyErr_SetString(PyExc_ValueError, "fused pooling: the arrays' sizes do not match the geometry");
        return -1;
    }
    return 0;
}

/* take() for the pooling calls: the float buffers, then the uint8 index buffer (writable when asked) */
static int take_pool(Buffers *b, PyObject **objs, const int *writable, int code, int index_at, int index_writable) {
    static const int optional[4] = {0, 0, 0, 0};
    PyObject *floats[3];
    int wr[3], k = 0;
    for (int i = 0; i < 3; i++)
        if (i != index_at) {
            floats[k] = objs[i];
            wr[k++] = writable[i];
        }
    if (take(b, floats, optional, wr, 2, code) < 0) return -1;
    int flags = PyBUF_C_CONTIGUOUS | (index_writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(objs[index_at], &b->view[2], flags) < 0) {
        release(b);
        return -1;
    }
    b->held[2] = 1;
    b->ptr[2] = b->view[2].buf;
    b->len[2] = b->view[2].len;
    return 0;
}

/* maxpool (grad 0: objs x, y, idx) and maxpool_grad (grad 1: objs g, idx, dx): the same arguments
 * and checks; the gradient pass also needs windows that do not overlap */
static PyObject *run_pool(PyObject *args, int grad) {
    PyObject *objs[3];
    int code;
    Pool p;
    static const int writable[2][3] = {{0, 1, 1}, {0, 0, 1}};
    if (!PyArg_ParseTuple(args, "COOOnnnnniiii", &code, &objs[0], &objs[1], &objs[2], &p.h, &p.w, &p.c, &p.oh,
                          &p.ow, &p.ph, &p.pw, &p.sh, &p.sw))
        return NULL;
    Buffers b; /* views 0 and 1: the float arrays in their order (x, y or g, dx); 2: idx */
    if (take_pool(&b, objs, writable[grad], code, grad ? 1 : 2, !grad) < 0) return NULL;
    if (pool_geometry(&p, &b, grad ? 1 : 0, grad ? 0 : 1, 2) < 0) {
        release(&b);
        return NULL;
    }
    if (grad && (p.sh < p.ph || p.sw < p.pw)) {
        release(&b);
        PyErr_SetString(PyExc_ValueError, "fused pooling: the gradient pass takes windows that do not overlap");
        return NULL;
    }
    if (overlap(&b)) {
        release(&b);
        Py_RETURN_FALSE;
    }
    void *f0 = b.ptr[0], *f1 = b.ptr[1], *ix = b.ptr[2];
    Py_BEGIN_ALLOW_THREADS
    if (grad && code == 'd')
        maxpool_grad_f64(f0, ix, f1, p.n, p.h, p.w, p.c, p.oh, p.ow, p.ph, p.pw, p.sh, p.sw);
    else if (grad)
        maxpool_grad_f32(f0, ix, f1, p.n, p.h, p.w, p.c, p.oh, p.ow, p.ph, p.pw, p.sh, p.sw);
    else if (code == 'd')
        maxpool_f64(f0, f1, ix, p.n, p.h, p.w, p.c, p.oh, p.ow, p.ph, p.pw, p.sh, p.sw);
    else
        maxpool_f32(f0, f1, ix, p.n, p.h, p.w, p.c, p.oh, p.ow, p.ph, p.pw, p.sh, p.sw);
    Py_END_ALLOW_THREADS
    release(&b);
    Py_RETURN_TRUE;
}

static PyObject *py_maxpool(PyObject *self, PyObject *args) { return run_pool(args, 0); }

static PyObject *py_maxpool_grad(PyObject *self, PyObject *args) { return run_pool(args, 1); }

static PyObject *py_col2im(PyObject *self, PyObject *args) {
    PyObject *objs[2]; /* cols, out */
    int code, kh, kw, sh, sw, dh;
    Py_ssize_t hp, wp, c, oh, ow;
    static const int optional[2] = {0, 0}, writable[2] = {0, 1};
    if (!PyArg_ParseTuple(args, "COOnnnnniiiii", &code, &objs[0], &objs[1], &hp, &wp, &c, &oh, &ow, &kh, &kw, &sh,
                          &sw, &dh))
        return NULL;
    Buffers b;
    if (take(&b, objs, optional, writable, 2, code) < 0) return NULL;
    if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || c < 1 || oh < 1 || ow < 1 || hp < 1 || wp < 1 ||
        (oh - 1) * sh + (Py_ssize_t)(kh - 1) * dh + 1 > hp || (ow - 1) * sw + kw > wp) {
        release(&b);
        PyErr_SetString(PyExc_ValueError, "fused col2im: windows must lie inside the output");
        return NULL;
    }
    Py_ssize_t n = b.len[1] / (hp * wp * c);
    if (b.len[1] != n * hp * wp * c || b.len[0] != n * oh * ow * kh * kw * c) {
        release(&b);
        PyErr_SetString(PyExc_ValueError, "fused col2im: the arrays' sizes do not match the geometry");
        return NULL;
    }
    if (overlap(&b)) {
        release(&b);
        Py_RETURN_FALSE;
    }
    Py_BEGIN_ALLOW_THREADS
    if (code == 'd')
        col2im_f64(b.ptr[0], b.ptr[1], n, hp, wp, c, oh, ow, kh, kw, sh, sw, dh);
    else
        col2im_f32(b.ptr[0], b.ptr[1], n, hp, wp, c, oh, ow, kh, kw, sh, sw, dh);
    Py_END_ALLOW_THREADS
    release(&b);
    Py_RETURN_TRUE;
}

static PyObject *py_scatter_add_rows(PyObject *self, PyObject *args) {
    PyObject *objs[2], *index; /* values, out; idx */
    int code;
    Py_ssize_t d;
    static const int optional[2] = {0, 0}, writable[2] = {0, 1};
    if (!PyArg_ParseTuple(args, "COOOn", &code, &index, &objs[0], &objs[1], &d)) return NULL;
    Buffers b;
    if (take(&b, objs, optional, writable, 2, code) < 0) return NULL;
    Py_buffer iv;
    if (PyObject_GetBuffer(index, &iv, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        release(&b);
        return NULL;
    }
    const char *fmt = iv.format;
    size_t flen = fmt ? strlen(fmt) : 0;
    char f = flen ? fmt[flen - 1] : 0;
    PyObject *result = NULL;
    if (iv.itemsize != 8 || (f != 'q' && f != 'l')) {
        PyErr_SetString(PyExc_TypeError, "fused scatter: the indices must be int64");
        goto done;
    }
    Py_ssize_t k = iv.len / 8;
    if (d < 1 || b.len[0] != k * d || b.len[1] % d != 0) {
        PyErr_SetString(PyExc_ValueError, "fused scatter: values must hold one row of d items per index");
        goto done;
    }
    Py_ssize_t rows = b.len[1] / d;
    const long long *idx = iv.buf;
    for (Py_ssize_t r = 0; r < k; r++)
        if (idx[r] < 0 || idx[r] >= rows) {
            PyErr_Format(PyExc_IndexError, "fused scatter: index %lld is outside [0, %zd)", idx[r], rows);
            goto done;
        }
    if (overlap(&b)) {
        result = Py_False;
        Py_INCREF(result);
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    if (code == 'd')
        scatter_f64(idx, b.ptr[0], b.ptr[1], k, d);
    else
        scatter_f32(idx, b.ptr[0], b.ptr[1], k, d);
    Py_END_ALLOW_THREADS
    result = Py_True;
    Py_INCREF(result);
done:
    PyBuffer_Release(&iv);
    release(&b);
    return result;
}

static PyMethodDef methods[] = {
    {"bias_act", py_bias_act, METH_VARARGS,
     "bias_act(dtype, z, bias|None, cols, relu): z += bias, then z = maximum(z, 0) when relu, in place"},
    {"relu_grad", py_relu_grad, METH_VARARGS,
     "relu_grad(dtype, g, y, out, bias_grad|None, cols): out = g * (y > 0), bias_grad = out.sum(axis=0)"},
    {"maxpool", py_maxpool, METH_VARARGS,
     "maxpool(dtype, x, y, idx, h, w, c, oh, ow, ph, pw, sh, sw): y, idx (uint8) of each window's maximum"},
    {"maxpool_grad", py_maxpool_grad, METH_VARARGS,
     "maxpool_grad(dtype, g, idx, dx, h, w, c, oh, ow, ph, pw, sh, sw): dx[window offset k] = g * (idx == k)"},
    {"col2im", py_col2im, METH_VARARGS,
     "col2im(dtype, cols, out, hp, wp, c, oh, ow, kh, kw, sh, sw, dh): out += the windows of cols (no width dilation)"},
    {"scatter_add_rows", py_scatter_add_rows, METH_VARARGS,
     "scatter_add_rows(dtype, idx (int64), values, out, d): out[idx[k]] += values[k] in order"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fused_layers",
                                    "Fused layer passes (see netbuilder/core/layers/fused.py).", -1, methods};

PyMODINIT_FUNC PyInit__fused_layers(void) { return PyModule_Create(&module); }
