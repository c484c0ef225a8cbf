/* Fused layer passes: Dense's bias and ReLU in one pass, and their gradients in one pass;
 * Embedding's gradient (a scatter-add of rows) in one pass; and this module's table, which also
 * lists max pooling's and col2im's passes (those are in _fused_windows.c).
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

/* in _fused_windows.c: max pooling and its gradient, col2im */
PyObject *nb_maxpool(PyObject *self, PyObject *args);
PyObject *nb_maxpool_grad(PyObject *self, PyObject *args);
PyObject *nb_col2im(PyObject *self, PyObject *args);

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
    if (take(&b, objs, optional, writable, 2, code, NB_LAYER_PASS) < 0) return NULL;
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
    if (take(&b, objs, optional, writable, 4, code, NB_LAYER_PASS) < 0) return NULL;
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


static PyObject *py_scatter_add_rows(PyObject *self, PyObject *args) {
    PyObject *objs[2], *index; /* values, out; idx */
    int code;
    Py_ssize_t d;
    static const int optional[2] = {0, 0}, writable[2] = {0, 1};
    if (!PyArg_ParseTuple(args, "COOOn", &code, &index, &objs[0], &objs[1], &d)) return NULL;
    Buffers b;
    if (take(&b, objs, optional, writable, 2, code, NB_LAYER_PASS) < 0) return NULL;
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
    {"maxpool", nb_maxpool, METH_VARARGS,
     "maxpool(dtype, x, y, idx, h, w, c, oh, ow, ph, pw, sh, sw): y, idx (uint8) of each window's maximum"},
    {"maxpool_grad", nb_maxpool_grad, METH_VARARGS,
     "maxpool_grad(dtype, g, idx, dx, h, w, c, oh, ow, ph, pw, sh, sw): dx[window offset k] = g * (idx == k)"},
    {"col2im", nb_col2im, METH_VARARGS,
     "col2im(dtype, cols, out, hp, wp, c, oh, ow, kh, kw, sh, sw, dh): out += the windows of cols (no width dilation)"},
    {"scatter_add_rows", py_scatter_add_rows, METH_VARARGS,
     "scatter_add_rows(dtype, idx (int64), values, out, d): out[idx[k]] += values[k] in order"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fused_layers",
                                    "Fused layer passes (see netbuilder/core/layers/fused.py).", -1, methods};

PyMODINIT_FUNC PyInit__fused_layers(void) { return PyModule_Create(&module); }
