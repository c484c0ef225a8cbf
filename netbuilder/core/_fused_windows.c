/* Max pooling and col2im in one pass each: the window passes of netbuilder.core._fused_layers
 * (compiled into that module with _fused_layers.c, which holds the module's table; see there and
 * netbuilder/core/layers/fused.py). As there, each pass applies exactly the rounded operations of
 * the NumPy code it replaces, in the same order, so results are bit-identical.
 */
#include "_fused_common.h"

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
    if (take(b, floats, optional, wr, 2, code, NB_LAYER_PASS) < 0) return -1;
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

PyObject *nb_maxpool(PyObject *self, PyObject *args) { return run_pool(args, 0); }

PyObject *nb_maxpool_grad(PyObject *self, PyObject *args) { return run_pool(args, 1); }

PyObject *nb_col2im(PyObject *self, PyObject *args) {
    PyObject *objs[2]; /* cols, out */
    int code, kh, kw, sh, sw, dh;
    Py_ssize_t hp, wp, c, oh, ow;
    static const int optional[2] = {0, 0}, writable[2] = {0, 1};
    if (!PyArg_ParseTuple(args, "COOnnnnniiiii", &code, &objs[0], &objs[1], &hp, &wp, &c, &oh, &ow, &kh, &kw, &sh,
                          &sw, &dh))
        return NULL;
    Buffers b;
    if (take(&b, objs, optional, writable, 2, code, NB_LAYER_PASS) < 0) return NULL;
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
