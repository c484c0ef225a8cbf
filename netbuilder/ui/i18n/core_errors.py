"""Templates for the engine's layer, graph, data, loss, metric and optimizer errors.

Part of :data:`netbuilder.ui.i18n.messages.TEMPLATES` (context ``CoreMessages``): code → English
template whose ``{fields}`` are params that every raise site of that code provides (``layer`` is
the layer at fault). Translations live in ``netbuilder_zh_CN.ts``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

ERRORS = {
    # ---- layer configuration (the inspector)
    "activation_unknown": QT_TRANSLATE_NOOP(
        "CoreMessages", "Activation layer '{layer}': unknown activation {value}"),
    "bad_data_format": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': data_format must be 'channels_last' or 'channels_first', got "
        "{value}"),
    "bad_padding": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown padding setting: check the padding argument"),
    "bad_padding_amount": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': {arg} must be a non-negative int or a pair of them, got {value}"),
    "bad_seed": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': seed must be None or a non-negative int, got {value}"),
    "bad_tuple": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': {arg} must be a positive int or a tuple of positive ints, got "
        "{value}"),
    "bad_name": QT_TRANSLATE_NOOP(
        "CoreMessages", "a layer name must be a non-empty string, got {value}"),
    "bad_weight_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': weight {weight} would have the negative shape {shape}"),
    "weights_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': weight {weight} of shape {shape} would take {size}, more than can "
        "be allocated; use fewer units or a smaller input (e.g. pool before a Dense layer)"),
    "memory_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' needs {size} at batch {batch} (the whole network {total}); this "
        "computer has {free} free. Use fewer units or a smaller batch size."),
    "output_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': its output {shape} would take {size} per sample, more than "
        "allowed; reduce the sizes that lead to it"),
    "input_bad_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "Input '{layer}': the shape dimensions must be positive, got {shape}"),
    "dense_units": QT_TRANSLATE_NOOP(
        "CoreMessages", "Dense layer '{layer}': units must be a positive integer, got {value}"),
    "conv_filters": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': filters must be a positive integer, got {value}"),
    "conv_groups": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': groups={value} is not supported by netbuilder; use groups=1"),
    "conv_output_padding": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': output_padding must be None or non-negative ints smaller than "
        "strides, got {value}"),
    "conv_stride_dilation": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': strides > 1 cannot be combined with dilation_rate > 1 (as in "
        "Keras)"),
    "dropout_rate": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': rate must be a float in [0, 1), got {value}"),
    "dropout_noise_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "Dropout layer '{layer}': noise_shape must be None or a tuple that fits its input "
        "(each entry None, 1 or the input's size on that axis)"),
    "dropout_noise_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "Dropout layer '{layer}': noise_shape {noise_shape} does not have as many axes as "
        "its input {shape}"),
    "noise_stddev": QT_TRANSLATE_NOOP(
        "CoreMessages", "GaussianNoise layer '{layer}': stddev must be a float in [0, 1], got {value}"),
    "embedding_dim": QT_TRANSLATE_NOOP(
        "CoreMessages", "Embedding layer '{layer}': {arg} must be a positive integer, got {value}"),
    "embedding_lora": QT_TRANSLATE_NOOP(
        "CoreMessages", "Embedding layer '{layer}': lora_rank is not supported; leave it as None"),
    "masking_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "Masking layer '{layer}': mask_value must be a number, got {value}"),
    "permute_dims": QT_TRANSLATE_NOOP(
        "CoreMessages", "Permute layer '{layer}': dims must be a permutation of 1..k (axis 0 is the batch), "
        "got {value}"),
    "repeat_n": QT_TRANSLATE_NOOP(
        "CoreMessages", "RepeatVector layer '{layer}': n must be a positive int, got {value}"),
    "reshape_target": QT_TRANSLATE_NOOP(
        "CoreMessages", "Reshape layer '{layer}': target_shape must be a tuple of positive ints with at "
        "most one -1 (no batch axis), got {value}"),
    "rnn_units": QT_TRANSLATE_NOOP(
        "CoreMessages", "recurrent layer '{layer}': units must be a positive integer, got {value}"),
    "rnn_dropout": QT_TRANSLATE_NOOP(
        "CoreMessages", "recurrent layer '{layer}': {arg} must be a float in [0, 1), got {value}"),
    "upsampling_interpolation": QT_TRANSLATE_NOOP(
        "CoreMessages", "UpSampling2D layer '{layer}': interpolation={value} is not supported by "
        "netbuilder; use 'nearest'"),
    "batchnormalization_axis": QT_TRANSLATE_NOOP(
        "CoreMessages", "BatchNormalization layer '{layer}': axis must be a non-zero int (axis 0 is the "
        "batch), got {value}"),
    "batchnormalization_momentum": QT_TRANSLATE_NOOP(
        "CoreMessages", "BatchNormalization layer '{layer}': momentum must be a float in [0, 1], got "
        "{value}"),
    "batchnormalization_epsilon": QT_TRANSLATE_NOOP(
        "CoreMessages", "BatchNormalization layer '{layer}': epsilon must be a positive float, got {value}"),
    "layernormalization_axis": QT_TRANSLATE_NOOP(
        "CoreMessages", "LayerNormalization layer '{layer}': axis must be a non-zero int or a list of "
        "distinct non-zero ints (axis 0 is the batch), got {value}"),
    "layernormalization_epsilon": QT_TRANSLATE_NOOP(
        "CoreMessages", "LayerNormalization layer '{layer}': epsilon must be a positive float, got {value}"),
    "concat_axis": QT_TRANSLATE_NOOP(
        "CoreMessages", "Concatenate layer '{layer}': axis must be a non-zero int (axis 0 is the batch), "
        "got {value}"),
    "dot_axes": QT_TRANSLATE_NOOP(
        "CoreMessages", "Dot layer '{layer}': axes must be a non-zero int or a pair of non-zero ints (axis "
        "0 is the batch), got {value}"),
    "bidirectional_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "Bidirectional layer '{layer}' wraps a recurrent layer (LSTM, GRU, SimpleRNN)"),
    "bidirectional_merge": QT_TRANSLATE_NOOP(
        "CoreMessages", "Bidirectional layer '{layer}': merge_mode must be 'concat', 'sum', 'mul', 'ave' or "
        "None, got {value}"),
    "bidirectional_direction": QT_TRANSLATE_NOOP(
        "CoreMessages", "Bidirectional layer '{layer}': the forward and backward layers need different "
        "go_backwards values"),
    "bidirectional_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "Bidirectional layer '{layer}': the forward and backward layers differ in {arg}; "
        "give them the same value"),
    "wrapper_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "a wrapper layer needs a layer instance, e.g. Bidirectional(LSTM(32)); got {value}"),
    # ---- layer shapes (the Problems list, the canvas)
    "batchnorm_axis": QT_TRANSLATE_NOOP(
        "CoreMessages", "BatchNormalization layer '{layer}' with axis={axis} cannot normalize an input of "
        "shape {shape}: the axis must be a non-batch axis"),
    "batchnorm_features": QT_TRANSLATE_NOOP(
        "CoreMessages", "BatchNormalization layer '{layer}' was built for another number of features, got "
        "an input of shape {shape}"),
    "batchnorm_unknown_dim": QT_TRANSLATE_NOOP(
        "CoreMessages", "BatchNormalization layer '{layer}': the normalized axis of its input {shape} must "
        "have a known size"),
    "layernorm_axis": QT_TRANSLATE_NOOP(
        "CoreMessages", "LayerNormalization layer '{layer}' cannot normalize an input of shape {shape}: its "
        "axes must be distinct non-batch axes of the input"),
    "layernorm_unknown_dim": QT_TRANSLATE_NOOP(
        "CoreMessages", "LayerNormalization layer '{layer}': the normalized axes of its input {shape} must "
        "have known sizes"),
    "padding_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "ZeroPadding layer '{layer}' needs each sample to be {expected}, got input shape "
        "{shape}"),
    "pool_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "pooling layer '{layer}' needs each sample to be {expected}, got input shape "
        "{shape}"),
    "upsampling_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "UpSampling layer '{layer}' needs each sample to be {expected}, got input shape "
        "{shape}"),
    "spatial_dropout_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "SpatialDropout layer '{layer}' needs each sample to be {expected}, got input shape "
        "{shape}"),
    "permute_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "Permute layer '{layer}' with dims={dims} does not fit an input of shape {shape}: "
        "it needs as many non-batch axes as dims has entries"),
    "repeat_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "RepeatVector layer '{layer}' expects inputs of shape (batch, features), got "
        "{shape}; add a Flatten layer before it"),
    "reshape_size": QT_TRANSLATE_NOOP(
        "CoreMessages", "Reshape layer '{layer}' cannot reshape {shape} to target_shape {target_shape}: the "
        "number of values per sample must stay the same"),
    "masking_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "Masking layer '{layer}' needs inputs with a features axis, got {shape}"),
    "rnn_unknown_dim": QT_TRANSLATE_NOOP(
        "CoreMessages", "recurrent layer '{layer}': the features axis of its input must be known, got "
        "{shape}"),
    "rnn_empty": QT_TRANSLATE_NOOP(
        "CoreMessages", "recurrent layer '{layer}' got sequences of length 0"),
    "rnn_mask_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "recurrent layer '{layer}': its mask does not match the shape of its inputs"),
    "rnn_stateful_batch": QT_TRANSLATE_NOOP(
        "CoreMessages", "stateful recurrent layer '{layer}' kept its states for another batch size: use a "
        "fixed batch size, or call reset_state()"),
    "time_distributed_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "TimeDistributed layer '{layer}' needs inputs with a time axis, (batch, timesteps, "
        "...), got {shape}"),
    "time_distributed_multi": QT_TRANSLATE_NOOP(
        "CoreMessages", "TimeDistributed layer '{layer}': the wrapped layer has several outputs, which "
        "TimeDistributed does not support"),
    "embedding_dtype": QT_TRANSLATE_NOOP(
        "CoreMessages", "Embedding layer '{layer}' needs integer indices, got dtype {dtype}"),
    "embedding_index": QT_TRANSLATE_NOOP(
        "CoreMessages", "Embedding layer '{layer}' got index {value}, outside [0, {input_dim}): raise "
        "input_dim to the vocabulary size"),
    "subtract_input_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "Subtract layer '{layer}' takes exactly 2 inputs, got {count}"),
    "dot_input_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "Dot layer '{layer}' takes exactly 2 inputs, got {count}"),
    # ---- the model graph and its config (the Problems list, opening a project)
    "input_not_first": QT_TRANSLATE_NOOP(
        "CoreMessages", "Input '{layer}' can only be the first item of a Sequential model"),
    "input_not_input_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "model input '{layer}' must come from Input(...)"),
    "missing_input": QT_TRANSLATE_NOOP(
        "CoreMessages", "an output depends on input '{layer}', which is not one of the model's inputs: add "
        "it to Model(inputs=...)"),
    "not_a_layer_tensor": QT_TRANSLATE_NOOP(
        "CoreMessages", "a tensor was not made by a layer; use Input(...) to start a model"),
    "no_inputs": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model has no inputs"),
    "no_outputs": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model has no outputs"),
    "no_layers": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model config has no list of layers"),
    "bad_ref": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model config holds a damaged reference between layers"),
    "bad_layer_entry": QT_TRANSLATE_NOOP(
        "CoreMessages", "a layer entry of the model config is damaged"),
    "bad_layer_args": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' cannot be created from its saved settings"),
    "bad_model_class": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown model class {value}: expected 'Sequential' or 'Functional'"),
    "bad_model_config": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model config must be a dict with 'class_name' and 'config'"),
    "unknown_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': netbuilder has no layer type {class_name}"),
    # ---- training data (fit, evaluate, predict)
    "data_count": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model needs {expected} arrays (one per input or output) but {got} were given"),
    "data_missing_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "the {what} dict is missing key(s) {keys}"),
    "data_dtype": QT_TRANSLATE_NOOP(
        "CoreMessages", "{what} must be numeric, got dtype {dtype}"),
    "data_object": QT_TRANSLATE_NOOP(
        "CoreMessages", "{what} has dtype object (ragged lists?); pad the sequences to one length first"),
    "data_scalar": QT_TRANSLATE_NOOP(
        "CoreMessages", "{what} must have a batch axis, got a single value"),
    "data_nonfinite": QT_TRANSLATE_NOOP(
        "CoreMessages", "{what} contains NaN or inf (first at index {index}); clean or impute the data "
        "first"),
    "data_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "{what} holds values too large for {dtype} ({value} at index {index}; {dtype} stops at "
        "about {limit}); scale or normalise the data first, for instance divide it by its largest value"),
    "data_length": QT_TRANSLATE_NOOP(
        "CoreMessages", "x has {x} samples but y has {y}; they must have the same length"),
    "data_length_inputs": QT_TRANSLATE_NOOP(
        "CoreMessages", "the input arrays have different numbers of samples"),
    "data_length_weights": QT_TRANSLATE_NOOP(
        "CoreMessages", "sample_weight has {w} entries for {x} samples"),
    "input_shape_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "input '{layer}' expects samples of shape {expected}, got {got}; set the Input to "
        "{got} or reshape the data"),
    "fit_no_data": QT_TRANSLATE_NOOP(
        "CoreMessages", "fit needs both x and y"),
    "val_split_empty": QT_TRANSLATE_NOOP(
        "CoreMessages", "validation_split leaves no training or no validation samples"),
    # ---- losses and metrics
    "loss_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "{loss}: labels of shape {y_true} do not fit predictions of shape {y_pred}"),
    "bce_label_range": QT_TRANSLATE_NOOP(
        "CoreMessages", "{loss}: labels must lie in [0, 1]. For integer class ids use a softmax output with "
        "sparse_categorical_crossentropy."),
    "label_not_integer": QT_TRANSLATE_NOOP(
        "CoreMessages", "{loss}: labels must be integer class ids, got fractional values"),
    "label_smoothing": QT_TRANSLATE_NOOP(
        "CoreMessages", "label_smoothing must be in [0, 1], got {value}"),
    "sparse_axis": QT_TRANSLATE_NOOP(
        "CoreMessages", "sparse_categorical_crossentropy supports only axis=-1, got axis={value}"),
    "metric_argument": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: one of its arguments has an invalid value"),
    "metric_missing_argument": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric} needs the argument {argument}"),
    "metric_class_id": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: class_id does not fit the predictions (they need shape (batch, "
        "num_classes) and class_id must be one of their classes)"),
    "metric_k": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: k must be a positive integer"),
    "metric_label_range": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: the class ids must lie in [0, {num_classes})"),
    "metric_needs_classes": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric} needs one score per class (at least 2 output units), but the predictions "
        "have shape {y_pred}; for a single sigmoid unit use {suggestion}"),
    "metric_needs_one_hot": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric} expects one-hot labels of shape {y_pred} but got integer labels of shape "
        "{y_true}; use {suggestion} or one-hot encode the labels"),
    "metric_needs_sparse": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric} expects integer class ids but got labels of shape {y_true}, which look "
        "one-hot encoded; use {suggestion}"),
    "metric_needs_ids": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: the values must be integer class ids; for per-class scores pass "
        "{argument}=False"),
    "metric_sample_weight": QT_TRANSLATE_NOOP(
        "CoreMessages", "the sample_weight does not fit the labels: give one weight per sample, shape "
        "(batch,)"),
    "metric_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: the shapes of the labels and the predictions do not fit each other"),
    "metric_threshold_range": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: threshold must lie strictly between 0 and 1, got {threshold}"),
    "metric_thresholds": QT_TRANSLATE_NOOP(
        "CoreMessages", "{metric}: thresholds must lie in [0, 1], got {thresholds}"),
    # ---- optimizers, regularizers, initializers, callbacks
    "optimizer_arg_range": QT_TRANSLATE_NOOP(
        "CoreMessages", "optimizer: {argument} cannot be {value}"),
    "optimizer_clip_twice": QT_TRANSLATE_NOOP(
        "CoreMessages", "optimizer: only one of clipnorm, clipvalue and global_clipnorm can be set, got "
        "{arguments}"),
    "optimizer_lr_twice": QT_TRANSLATE_NOOP(
        "CoreMessages", "optimizer: got both learning_rate={learning_rate} and its legacy alias lr={lr}; "
        "pass only learning_rate"),
    "optimizer_unsupported": QT_TRANSLATE_NOOP(
        "CoreMessages", "optimizer: {argument} is not supported by netbuilder; leave it unset"),
    "regularizer_factor": QT_TRANSLATE_NOOP(
        "CoreMessages", "regularizer: {arg} must be a non-negative number, got {value}"),
    "regularizer_mode": QT_TRANSLATE_NOOP(
        "CoreMessages", "OrthogonalRegularizer: mode must be 'rows' or 'columns', got {value}"),
    "regularizer_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "OrthogonalRegularizer needs a 2-D weight, got shape {shape}"),
    "initializer_distribution": QT_TRANSLATE_NOOP(
        "CoreMessages", "initializer: distribution cannot be {value}"),
    "initializer_mode": QT_TRANSLATE_NOOP(
        "CoreMessages", "initializer: mode cannot be {value}"),
    "initializer_scale": QT_TRANSLATE_NOOP(
        "CoreMessages", "initializer: scale must be a positive number, got {value}"),
    "initializer_seed": QT_TRANSLATE_NOOP(
        "CoreMessages", "initializer: seed must be an integer or None, got {value}"),
    "initializer_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "Constant initializer: value must be a number, got {value}"),
    "initializer_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "Constant initializer: its value does not broadcast to the weight shape {shape}; "
        "use a single number"),
    "initializer_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "this initializer does not fit a weight of shape {shape}"),
    "lr_factor": QT_TRANSLATE_NOOP(
        "CoreMessages", "ReduceLROnPlateau needs a factor below 1.0, got factor={value}"),
    "save_freq": QT_TRANSLATE_NOOP(
        "CoreMessages", "unrecognized save_freq {value}: expected 'epoch' or a positive int"),
    # ---- preprocessing and augmentation layers
    "rescaling_arg": QT_TRANSLATE_NOOP(
        "CoreMessages", "Rescaling layer '{layer}': {arg} must be a number, got {value}"),
    "normalization_stats": QT_TRANSLATE_NOOP(
        "CoreMessages", "Normalization layer '{layer}': give both mean and variance, or neither and call adapt"),
    "normalization_axis": QT_TRANSLATE_NOOP(
        "CoreMessages", "Normalization layer '{layer}': axis {value} does not fit its input"),
    "augment_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' takes images (batch, height, width, channels), got {shape}"),
    "augment_factor": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': {arg} must be a number or a pair of numbers in its range, got {value}"),
    "augment_mode": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': unknown setting {value}"),
    # ---- shared layers and models used as layers
    "shared_layer_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' is called again on shape {shape}, which its weight {weight} does not "
        "fit: every call of a shared layer must fit the weights it already has"),
    "nested_model_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "model '{layer}' takes inputs of shape {expected}, got {shape}"),
    "nested_model_unbuilt": QT_TRANSLATE_NOOP(
        "CoreMessages", "model '{layer}' has no input shape yet, so it cannot be used as a layer: give it an "
        "Input first"),
    "class_weight_rank": QT_TRANSLATE_NOOP(
        "CoreMessages", "class_weight needs one label per sample (class ids or one-hot rows), but the labels have "
        "{ndim} axes: pass sample_weight instead"),
    # ---- core/validate: an argument outside what its check allows (the English names the range)
    "bad_argument": QT_TRANSLATE_NOOP(
        "CoreMessages", "the argument {arg} cannot take the value {value}: see its tooltip for the values it accepts"),
    # ---- the Keras 3 engine (core/keras_engine)
    # ---- the Keras engine's availability (netbuilder.core.keras_engine.probe.EngineInfo)
    "keras_not_installed": QT_TRANSLATE_NOOP("CoreMessages", "Keras 3 is not installed: {hint}"),
    "keras_too_old": QT_TRANSLATE_NOOP(
        "CoreMessages", "Keras {version} is installed; the Keras engine needs Keras 3: {hint}"),
    "keras_no_backend": QT_TRANSLATE_NOOP(
        "CoreMessages", "Keras is installed but none of its backends (jax, torch, tensorflow) is: {hint}"),
    "keras_unknown_backend": QT_TRANSLATE_NOOP(
        "CoreMessages", "{where} names the Keras backend '{backend}', which Keras does not know; use one of "
        "{choices}"),
    "keras_backend_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "the Keras backend '{backend}' (set by {where}) needs the '{package}' package, which is "
        "not installed: pip install {package}"),
    "keras_backend_missing_or": QT_TRANSLATE_NOOP(
        "CoreMessages", "the Keras backend '{backend}' (set by {where}) needs the '{package}' package, which is "
        "not installed: pip install {package}, or set KERAS_BACKEND={other} (installed)"),
    "keras_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "the Keras 3 engine is not available here: pip install \"keras>=3.5\" jax installs Keras 3 "
        "and JAX"),
    "keras_backend_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "Keras is already running on the {actual} backend in this window, not {backend}: restart "
        "netbuilder to use {backend}"),
    "keras_engine_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' ({class_name}) cannot train on Keras 3: change it, or train with netbuilder's "
        "engine"),
    "keras_engine_setting": QT_TRANSLATE_NOOP(
        "CoreMessages", "the {setting} {value} cannot train on Keras 3: choose another, or train with netbuilder's "
        "engine"),
    "keras_engine_unbuilt": QT_TRANSLATE_NOOP(
        "CoreMessages", "the network is not built: give it an Input layer first"),
    "keras_engine_uncompiled": QT_TRANSLATE_NOOP(
        "CoreMessages", "the network has no optimizer and loss yet: choose them first"),
    "keras_engine_weights": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': its weights have no place in the Keras model; train it with netbuilder's "
        "engine"),
    "keras_devices": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot train on {value} devices: Keras sees {available} here"),
    "keras_devices_backend": QT_TRANSLATE_NOOP(
        "CoreMessages", "training on {value} devices needs Keras's JAX backend, not {backend}: set KERAS_BACKEND=jax"),
    "keras_devices_split": QT_TRANSLATE_NOOP(
        "CoreMessages", "training on {devices} devices splits every batch into {devices} equal parts, but a batch "
        "has {value} samples: choose a batch size and sample counts divisible by {devices}"),
}
