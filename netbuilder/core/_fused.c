/* Fused optimizer updates: one pass over memory instead of NumPy's eight to twelve (and the
 * optimizers' periodic subnormal flush in one pass instead of three).
 *
 * An optional compiled extension of netbuilder.core (setup.py builds it when a C compiler is at
 * hand; without it the optimizers run their NumPy code). The Python side is
 * netbuilder/core/optimizers/fused.py, which checks the arrays before calling in.
 *
 * Each kernel applies, element by element, exactly the sequence of rounded operations of the
 * optimizer's NumPy update_step, in the same order and in the variable's dtype (scalars are
 * rounded to that dtype first, as NumPy does with Python floats). Compiled without fused
 * multiply-add contraction and without fast-math, every operation is rounded once as in NumPy,
 * so both paths give bit-identical weights and slots (the tests check this). The loops release
 * the GIL.
 *
 * Arguments (all kernels): contiguous float32 or float64 buffers of one length, given through
 * the buffer protocol (NumPy arrays), writable except the gradient; None for an unused slot.
 * Each returns True after updating, False when two buffers overlap (the caller then runs the
 * NumPy code, whose meaning with aliased arrays is its own).
 */
#include "_fused_common.h"

/* NumPy's maximum: NaN in either argument propagates */
#define NB_MAX(a, b) (((a) >= (b) || (a) != (a)) ? (a) : (b))

/* ------------------------------------------------------------------ RMSprop
 * t = g*g; t *= 1-rho; v *= rho; v += t
 * centered: t = g*(1-rho); a *= rho; a += t; t = a*a; t = v - t; t += eps
 * else:     t = v + eps
 * t = sqrt(t); t = g/t; t *= lr
 * momentum: mom *= momentum; mom += t; w -= mom        else: w -= t
 */
#define RMSPROP_KERNEL(NAME, T, SQRT)                                                               \
    NB_CLONES static void NAME(const T *g, T *w, T *v, T *a, T *mom, Py_ssize_t n, T lr, T rho,     \
                               T omr, T momentum, T eps) {                                          \
        for (Py_ssize_t i = 0; i < n; i++) {                                                        \
            T gi = g[i];                                                                            \
            T t = gi * gi;                                                                          \
            t = t * omr;                                                                            \
            T vi = v[i] * rho;                                                                      \
            vi = vi + t;                                                                            \
            v[i] = vi;                                                                              \
            if (a) {                                                                                \
                T ai = a[i] * rho;                                                                  \
                ai = ai + gi * omr;                                                                 \
                a[i] = ai;                                                                          \
                t = ai * ai;                                                                        \
                t = vi - t;                                                                         \
                t = t + eps;                                                                        \
            } else {                                                                                \
                t = vi + eps;                                                                       \
            }                                                                                       \
            t = SQRT(t);                                                                            \
            t = gi / t;                                                                             \
            t = t * lr;                                                                             \
            if (mom) {                                                                              \
                T mi = mom[i] * momentum;                                                           \
                mi = mi + t;                                                                        \
                mom[i] = mi;                                                                        \
                w[i] = w[i] - mi;                                                                   \
            } else {                                                                                \
                w[i] = w[i] - t;                                                                    \
            }                                                                                       \
        }                                                                                           \
    }
RMSPROP_KERNEL(rmsprop_f32, float, sqrtf)
RMSPROP_KERNEL(rmsprop_f64, double, sqrt)

/* ------------------------------------------------------------------ Adam
 * t = g - m; t *= 1-b1; m += t; t = g*g; t -= v; t *= 1-b2; v += t
 * amsgrad: vh = max(vh, v), and vh replaces v below
 * t = sqrt(v); t += eps; t = m/t; t *= alpha; w -= t
 */
#define ADAM_KERNEL(NAME, T, SQRT)                                                                  \
    NB_CLONES static void NAME(const T *g, T *w, T *m, T *v, T *vh, Py_ssize_t n, T alpha, T omb1, \
                               T omb2, T eps) {                                                     \
        for (Py_ssize_t i = 0; i < n; i++) {                                                        \
            T gi = g[i];                                                                            \
            T t = gi - m[i];                                                                        \
            t = t * omb1;                                                                           \
            T mi = m[i] + t;                                                                        \
            m[i] = mi;                                                                              \
            t = gi * gi;                                                                            \
            t = t - v[i];                                                                           \
            t = t * omb2;                                                                           \
            T vi = v[i] + t;                                                                        \
            v[i] = vi;                                                                              \
            if (vh) {                                                                               \
                T hi = vh[i];                                                                       \
                hi = NB_MAX(hi, vi);                                                                \
                vh[i] = hi;                                                                         \
                vi = hi;                                                                            \
            }                                                                                       \
            t = SQRT(vi);                                                                           \
            t = t + eps;                                                                            \
            t = mi / t;                                                                             \
            t = t * alpha;                                                                          \
            w[i] = w[i] - t;                                                                        \
        }                                                                                           \
    }
ADAM_KERNEL(adam_f32, float, sqrtf)
ADAM_KERNEL(adam_f64, double, sqrt)

/* ------------------------------------------------------------------ SGD
 * no momentum: t = g*lr; w -= t
 * momentum:    t = g*lr; m *= momentum; m -= t; nesterov: u = m*momentum; u -= t; w += u
 *                                               else: w += m
 */
#define SGD_KERNEL(NAME, T)                                                                         \
    NB_CLONES static void NAME(const T *g, T *w, T *m, Py_ssize_t n, T lr, T momentum,             \
                               int nesterov) {                                                      \
        for (Py_ssize_t i = 0; i < n; i++) {                                                        \
            T t = g[i] * lr;                                                                        \
            if (!m) {                                                                               \
                w[i] = w[i] - t;                                                                    \
                continue;                                                                           \
            }                                                                                       \
            T mi = m[i] * momentum;                                                                 \
            mi = mi - t;                                                                            \
            m[i] = mi;                                                                              \
            if (nesterov) {                                                                         \
                T u = mi * momentum;                                                                \
                u = u - t;                                                                          \
                w[i] = w[i] + u;                                                                    \
            } else {                                                                                \
                w[i] = w[i] + mi;                                                                   \
            }                                                                                       \
        }                                                                                           \
    }
SGD_KERNEL(sgd_f32, float)
SGD_KERNEL(sgd_f64, double)

/* ------------------------------------------------------------------ subnormal flush
 * t = |a|; t = t >= threshold (1.0 or 0.0); a *= t      (Optimizer.flush_subnormals)
 */
#define FLUSH_KERNEL(NAME, T, ABS)                                                                  \
    NB_CLONES static void NAME(T *a, Py_ssize_t n, T threshold) {                                   \
        for (Py_ssize_t i = 0; i < n; i++) {                                                        \
            T ai = a[i];                                                                            \
            a[i] = ABS(ai) >= threshold ? ai * (T)1 : ai * (T)0;                                    \
        }                                                                                           \
    }
FLUSH_KERNEL(flush_f32, float, fabsf)
FLUSH_KERNEL(flush_f64, double, fabs)

/* ------------------------------------------------------------------ argument handling */
/* The buffers of objs[0..k) for a kernel of dtype 'f' or 'd' (*dbl: 1 for 'd'), *n items each.
 * Returns 1 to go on (release them after), 0 when two buffers overlap (already released: answer
 * False), -1 with an exception set. */
static int prepare(Buffers *b, PyObject **objs, const int *optional, int k, int dtype_char, int *dbl,
                   Py_ssize_t *n) {
    static const int writable[NB_MAX_BUFS] = {0, 1, 1, 1, 1}; /* all but the gradient */
    if (take(b, objs, optional, writable, k, dtype_char, NB_UPDATE) < 0) return -1;
    *dbl = dtype_char == 'd';
    *n = -1;
    for (int i = 0; i < k; i++) {
        if (!b->held[i]) continue;
        if (*n >= 0 && b->len[i] != *n) {
            PyErr_SetString(PyExc_ValueError, "fused update: arrays must have the same size");
            release(b);
            return -1;
        }
        *n = b->len[i];
    }
    if (overlap(b)) {
        release(b);
        return 0;
    }
    return 1;
}

/* Adapters from the buffers and the call's scalars s[] to each kernel, in the variable's dtype
 * (dbl: float64, else float32 with every scalar rounded to float32 first, as NumPy does) */
typedef void (*Runner)(void **p, Py_ssize_t n, int dbl, const double *s);

static void run_rmsprop(void **p, Py_ssize_t n, int dbl, const double *s) { /* lr, rho, momentum, eps */
    if (dbl)
        rmsprop_f64(p[0], p[1], p[2], p[3], p[4], n, s[0], s[1], 1.0 - s[1], s[2], s[3]);
    else
        rmsprop_f32(p[0], p[1], p[2], p[3], p[4], n, (float)s[0], (float)s[1], (float)(1.0 - s[1]), (float)s[2],
                    (float)s[3]);
}

static void run_adam(void **p, Py_ssize_t n, int dbl, const double *s) { /* alpha, beta_1, beta_2, eps */
    if (dbl)
        adam_f64(p[0], p[1], p[2], p[3], p[4], n, s[0], 1.0 - s[1], 1.0 - s[2], s[3]);
    else
        adam_f32(p[0], p[1], p[2], p[3], p[4], n, (float)s[0], (float)(1.0 - s[1]), (float)(1.0 - s[2]), (float)s[3]);
}

static void run_sgd(void **p, Py_ssize_t n, int dbl, const double *s) { /* lr, momentum, nesterov */
    if (dbl)
        sgd_f64(p[0], p[1], p[2], n, s[0], s[1], s[2] != 0);
    else
        sgd_f32(p[0], p[1], p[2], n, (float)s[0], (float)s[1], s[2] != 0);
}

/* Check and take the k buffers, run the kernel without the GIL, release them: True, or False when
 * two buffers overlap (nothing changed), or NULL with an exception set. */
static PyObject *run_kernel(PyObject **objs, const int *optional, int k, int dtype_char, Runner run,
                            const double *s) {
    Buffers b;
    Py_ssize_t n;
    int dbl, ready = prepare(&b, objs, optional, k, dtype_char, &dbl, &n);
    if (ready < 0) return NULL;
    if (ready == 0) Py_RETURN_FALSE;
    Py_BEGIN_ALLOW_THREADS
    run(b.ptr, n, dbl, s);
    Py_END_ALLOW_THREADS
    release(&b);
    Py_RETURN_TRUE;
}

static PyObject *py_rmsprop(PyObject *self, PyObject *args) {
    PyObject *objs[5];
    int dtype_char;
    double s[4]; /* lr, rho, momentum, eps */
    static const int optional[5] = {0, 0, 0, 1, 1};
    if (!PyArg_ParseTuple(args, "COOOOOdddd", &dtype_char, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4],
                          &s[0], &s[1], &s[2], &s[3]))
        return NULL;
    return run_kernel(objs, optional, 5, dtype_char, run_rmsprop, s);
}

static PyObject *py_adam(PyObject *self, PyObject *args) {
    PyObject *objs[5];
    int dtype_char;
    double s[4]; /* alpha, beta_1, beta_2, eps */
    static const int optional[5] = {0, 0, 0, 0, 1};
    if (!PyArg_ParseTuple(args, "COOOOOdddd", &dtype_char, &objs[0], &objs[1], &objs[2], &objs[3], &objs[4],
                          &s[0], &s[1], &s[2], &s[3]))
        return NULL;
    return run_kernel(objs, optional, 5, dtype_char, run_adam, s);
}

static PyObject *py_sgd(PyObject *self, PyObject *args) {
    PyObject *objs[3];
    int dtype_char, nesterov;
    double s[3]; /* lr, momentum, nesterov */
    static const int optional[3] = {0, 0, 1};
    if (!PyArg_ParseTuple(args, "COOOddp", &dtype_char, &objs[0], &objs[1], &objs[2], &s[0], &s[1], &nesterov))
        return NULL;
    s[2] = nesterov;
    return run_kernel(objs, optional, 3, dtype_char, run_sgd, s);
}

static PyObject *py_flush(PyObject *self, PyObject *args) {
    PyObject *obj;
    int dtype_char;
    double threshold;
    static const int optional[1] = {0}, writable[1] = {1};
    if (!PyArg_ParseTuple(args, "COd", &dtype_char, &obj, &threshold)) return NULL;
    Buffers b;
    if (take(&b, &obj, optional, writable, 1, dtype_char, NB_UPDATE) < 0) return NULL;
    Py_BEGIN_ALLOW_THREADS
    if (dtype_char == 'd')
        flush_f64(b.ptr[0], b.len[0], threshold);
    else
        flush_f32(b.ptr[0], b.len[0], (float)threshold);
    Py_END_ALLOW_THREADS
    release(&b);
    Py_RETURN_TRUE;
}

static PyMethodDef methods[] = {
    {"rmsprop", py_rmsprop, METH_VARARGS,
     "rmsprop(dtype, grad, var, velocity, average_gradient|None, momentum|None, lr, rho, momentum, epsilon)"},
    {"adam", py_adam, METH_VARARGS,
     "adam(dtype, grad, var, m, v, v_hat|None, alpha, beta_1, beta_2, epsilon)"},
    {"sgd", py_sgd, METH_VARARGS, "sgd(dtype, grad, var, momentum|None, lr, momentum, nesterov)"},
    {"flush", py_flush, METH_VARARGS, "flush(dtype, slot, threshold): entries with |x| < threshold become 0"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_fused",
                                    "Fused optimizer updates (see netbuilder/core/optimizers/fused.py).", -1,
                                    methods};

PyMODINIT_FUNC PyInit__fused(void) { return PyModule_Create(&module); }
