"""Templates for the engine's dataset, download, data-file and model-file errors.

Part of :data:`netbuilder.ui.i18n.messages.TEMPLATES` (context ``CoreMessages``): code → English
template whose ``{fields}`` are params that every raise site of that code provides.
Translations live in ``netbuilder_zh_CN.ts``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

FILE_ERRORS = {
    # ---- datasets, downloads and data files
    "download_failed": QT_TRANSLATE_NOOP(
        "CoreMessages", "Could not download {url} ({reason}). {names} goes into the folder {folder}. Ways to get "
        "it there: copy it from a computer that can reach Keras's server; use a mirror (the environment "
        "variable {mirror_env}, or in the window Dataset › Get the data… › Mirror URL); or, if you already "
        "have the file, Dataset › Get the data… › \"I already have the file\" (command line: netbuilder "
        "datasets import; code: load_data(path=...))."),
    "download_hash_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "Downloaded {url} but it is unusable ({reason}). {names} goes into the folder {folder}. "
        "Ways to get it there: copy it from a computer that can reach Keras's server; use a mirror (the "
        "environment variable {mirror_env}, or in the window Dataset › Get the data… › Mirror URL); or, if you "
        "already have the file, Dataset › Get the data… › \"I already have the file\" (command line: "
        "netbuilder datasets import; code: load_data(path=...))."),
    "copy_wrong_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: {key} has shape {got}, but {fname} from Keras has {expected}; this is not a copy "
        "of that file"),
    "copy_bad_labels": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: {key} should hold integer labels {low}..{high}, but holds other values"),
    "copy_bad_pixels": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: {key} should hold uint8 grey pixels (not all zero)"),
    "copy_needs_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "{fname} is one file; pick the file, not a folder"),
    "copy_checksum_differs": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: its checksum differs from Keras's {fname}; accept it explicitly to use it"),
    "copy_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} changed while it was being copied; pick it again"),
    "bad_file_name": QT_TRANSLATE_NOOP(
        "CoreMessages", "fname must be a bare file name, got {fname}"),
    "unknown_dataset": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown playground dataset {name}"),
    "unknown_case": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown case {name}"),
    "bad_option": QT_TRANSLATE_NOOP(
        "CoreMessages", "{arg} cannot be {value}"),
    "bad_samples": QT_TRANSLATE_NOOP(
        "CoreMessages", "samples must be a large enough integer, got {samples}"),
    "bad_noise": QT_TRANSLATE_NOOP(
        "CoreMessages", "noise must be >= 0, got {noise}"),
    "bad_factor": QT_TRANSLATE_NOOP(
        "CoreMessages", "factor must be between 0 and 1, got {factor}"),
    "bad_test_split": QT_TRANSLATE_NOOP(
        "CoreMessages", "the test fraction must be at least 0 and less than 1"),
    "bad_k": QT_TRANSLATE_NOOP(
        "CoreMessages", "k_fold_splits: k must be an integer with 2 <= k <= n={n}, got {k}"),
    "bad_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "the data does not have the expected shape"),
    "not_fitted": QT_TRANSLATE_NOOP(
        "CoreMessages", "Standardizer.transform was called before fit"),
    "bad_input_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model takes inputs of shape {input_shape}, which this image cannot fill"),
    "bad_task": QT_TRANSLATE_NOOP(
        "CoreMessages", "task must be 'auto', 'binary', 'multiclass', 'regression' or 'classification', got "
        "{task}"),
    "bad_class_ids": QT_TRANSLATE_NOOP(
        "CoreMessages", "task={task} needs integer class ids >= 0 in y"),
    "bad_dtype": QT_TRANSLATE_NOOP(
        "CoreMessages", "the data must be numeric, got dtype {dtype}"),
    "length_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "x has {x} samples but y has {y}"),
    "csv_bad_target": QT_TRANSLATE_NOOP(
        "CoreMessages", "the target column {target} does not exist in the table"),
    "csv_bad_target_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "task='regression' needs a numeric target, but column {column} holds {value}"),
    "csv_bad_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "the table holds values that are not numbers; every column except the target must "
        "be numeric"),
    "csv_empty": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} holds no data rows"),
    "csv_no_features": QT_TRANSLATE_NOOP(
        "CoreMessages", "the table needs at least one feature column besides the target"),
    "csv_nonfinite": QT_TRANSLATE_NOOP(
        "CoreMessages", "line {line}, column {column} holds {value}, which is not a finite number; remove "
        "or fill in missing values before loading"),
    "csv_value_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "line {line}, column {column} holds {value}, too large for float32 (which stops at about "
        "3.4e+38); scale the column down (other units, or divide by its largest value) before loading"),
    "csv_not_binary": QT_TRANSLATE_NOOP(
        "CoreMessages", "task='binary' but column {column} has more than two distinct values"),
    "csv_ragged": QT_TRANSLATE_NOOP(
        "CoreMessages", "line {line} has {fields} fields but the table has {columns} columns"),
    "csv_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is too large: netbuilder loads tables of at most {limit} characters"),
    "csv_unreadable": QT_TRANSLATE_NOOP(
        "CoreMessages", "cannot read {path}"),
    "npz_bad_format": QT_TRANSLATE_NOOP(
        "CoreMessages", "the .npz file is damaged or not in a format netbuilder can read"),
    "npz_missing_keys": QT_TRANSLATE_NOOP(
        "CoreMessages", "the .npz file lacks the arrays {missing} that it needs (it holds {holds})"),
    "npz_unsafe": QT_TRANSLATE_NOOP(
        "CoreMessages", "the .npz file holds Python objects (a pickle), which are not loaded"),
    "idx_bad_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "the IDX files are damaged or do not match each other; delete them to download them "
        "again"),
    "idx_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "the folder {folder} lacks the IDX file(s) {files}"),
    "idx_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} holds more than {limit} bytes: not an IDX file netbuilder can load"),
    "index_out_of_range": QT_TRANSLATE_NOOP(
        "CoreMessages", "sequence {row} holds index {index}, outside [0, {dimension}); load the data with "
        "num_words={dimension} or raise the dimension"),
    "bad_sequences": QT_TRANSLATE_NOOP(
        "CoreMessages", "the sequences are not in the expected form: each sample must be a list of integer "
        "word indices"),
    "bad_pad_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "pad_sequences: dtype {dtype} is not compatible with the string value {value}"),
    "bad_truncating": QT_TRANSLATE_NOOP(
        "CoreMessages", "truncating must be 'pre' or 'post', got {truncating}"),
    "maxlen_too_small": QT_TRANSLATE_NOOP(
        "CoreMessages", "after keeping only the sequences shorter than maxlen={maxlen}, none is left: "
        "increase maxlen"),
    "empty_sequences": QT_TRANSLATE_NOOP(
        "CoreMessages", "no word is left to size the vocabulary; pass num_words"),
    # ---- model files (open, save, import, export)
    "model_not_zip": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not a netbuilder model file (not a zip archive)"),
    "model_foreign": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not a netbuilder model file"),
    "model_newer": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} was written by a newer netbuilder: update netbuilder to open it"),
    "model_missing_entry": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not a complete netbuilder model: {entry} is missing"),
    "model_bad_entry": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: unexpected entry {entry} in the model file"),
    "model_bad_zip": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: entry {entry} is damaged"),
    "model_too_big": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: an entry of the model file is too large"),
    "model_zip_bomb": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: an entry claims to expand to far more than it holds (a zip bomb); it is "
        "not opened"),
    "model_bad_json": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: a description file inside the model is damaged"),
    "model_bad_metadata": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: metadata.json has an invalid format_version"),
    "model_bad_config": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: the architecture cannot be rebuilt"),
    "model_bad_compile": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: the compile settings are damaged"),
    "model_bad_optimizer": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: the saved optimizer state does not match the model"),
    "model_bad_history": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: history.json is damaged"),
    "model_bad_npz": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: the saved weights are damaged"),
    "model_unbuilt": QT_TRANSLATE_NOOP(
        "CoreMessages", "the saved model has no input shape"),
    "model_weights_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "the saved weights do not match the architecture"),
    "model_weight_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "the saved weight {key} has another shape than the architecture needs"),
    "weights_bad_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "this is not a weights file"),
    "weights_file_suffix": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: a weights file name must end in .weights.h5 (Keras 3) or .npz (netbuilder)"),
    "export_format": QT_TRANSLATE_NOOP(
        "CoreMessages", "unknown export format: choose a .nbm, .onnx, .keras or .py file"),
    "export_missing_dep": QT_TRANSLATE_NOOP(
        "CoreMessages", "this export needs the '{module}' package: install it with pip"),
    "export_unbuilt": QT_TRANSLATE_NOOP(
        "CoreMessages", "the model is not built: give it an input shape (an Input layer) first"),
    "onnx_activation": QT_TRANSLATE_NOOP(
        "CoreMessages", "the activation {activation} has no ONNX translation"),
    "onnx_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' could not be exported to ONNX"),
    "onnx_unsupported": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': {class_name} has no ONNX translation yet"),
    "onnx_mask": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' makes a mask that a recurrent layer uses; ONNX's recurrent "
        "operators have no per-step masks: remove Masking / mask_zero to export"),
    "onnx_rnn_activation": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': its activation has no ONNX equivalent inside a recurrent layer "
        "(use tanh, sigmoid, relu, hard_sigmoid, linear, softsign or softplus)"),
    "onnx_stateful": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' is stateful; ONNX recurrent operators start from zero states: set "
        "stateful=False to export"),
    "onnx_time_distributed": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': TimeDistributed needs a known number of timesteps and sample "
        "shape to export to ONNX"),
    "onnx_opset": QT_TRANSLATE_NOOP(
        "CoreMessages", "ONNX export needs opset 17 or newer"),
    "keras_not_zip": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not a Keras .keras archive (not a readable zip)"),
    "keras_missing_entry": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not a complete Keras archive: {entry} is missing"),
    "keras_bad_entry": QT_TRANSLATE_NOOP(
        "CoreMessages", "the Keras file holds an unexpected or damaged entry"),
    "keras_bad_path": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: refusing entry {entry} (an unsafe path)"),
    "keras_damaged": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: an entry of the archive is damaged"),
    "keras_too_big": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: an entry of the archive is too large"),
    "keras_bad_json": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: config.json is damaged"),
    "keras_bad_model": QT_TRANSLATE_NOOP(
        "CoreMessages", "config.json does not describe a Keras Sequential or Functional model"),
    "keras_bad_config": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path}: the Keras model cannot be rebuilt in netbuilder"),
    "keras_bad_weights": QT_TRANSLATE_NOOP(
        "CoreMessages", "the weights of the Keras file are damaged"),
    "keras_bad_ref": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': an input reference is damaged"),
    "keras_shared_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' is shared (called several times), which netbuilder does not "
        "support"),
    "keras_unsupported_layer": QT_TRANSLATE_NOOP(
        "CoreMessages", "the Keras model uses layer '{layer}' of type {class_name}, which netbuilder does "
        "not support"),
    "keras_activation": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': its activation has non-default parameters and no Keras config "
        "form; use an Activation layer with a plain activation"),
    "keras_weights_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}' needs another number of weight arrays than the file holds"),
    "keras_weight_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "layer '{layer}': a weight in the file has another shape than the architecture "
        "needs"),
}
