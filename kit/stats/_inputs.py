"""Turn user input (scalars, lists, numpy arrays, pandas Series) into float arrays.

Every public function in ``kit.stats`` passes its arguments through here, so
that bad input is refused in one place with an error naming the argument.
"""

from __future__ import annotations

import numbers

import numpy as np
import pandas as pd


def as_float_array(name: str, value) -> tuple[np.ndarray, pd.Index | None]:
    """Convert one argument to a float64 array, refusing non-numeric input.

    Parameters
    ----------
    name : str
        The argument's name, used in error messages.
    value : scalar, sequence, numpy.ndarray or pandas.Series
        Numbers; NaN (and None or pandas.NA) mark missing values.

    Returns
    -------
    values : numpy.ndarray of float64
    index : pandas.Index or None
        The index of a pandas Series, else None.

    Raises
    ------
    ValueError
        If the input is not numeric (strings, booleans, objects) or holds an
        infinite value.

    Examples
    --------
    >>> as_float_array("a", [1, 2])[0]
    array([1., 2.])
    """
    index = None
    if isinstance(value, pd.DataFrame):
        raise ValueError(f"{name} must be a scalar, a 1-D sequence or a Series, not a DataFrame")
    if isinstance(value, pd.Series):
        index = value.index
        if pd.api.types.is_bool_dtype(value.dtype) or not (
            pd.api.types.is_numeric_dtype(value.dtype) or value.dtype == object
        ):
            raise ValueError(f"{name} must be numeric, got a Series of dtype {value.dtype}")
        value = value.to_numpy(dtype=object if value.dtype == object else float, na_value=np.nan)
    array = np.asarray(value)
    if array.dtype == object:
        array = _object_to_float(name, array)
    elif array.dtype.kind == "b" or array.dtype.kind not in "iuf":
        raise ValueError(f"{name} must be numeric, got values of dtype {array.dtype}")
    array = array.astype(np.float64)
    if np.isinf(array).any():
        raise ValueError(f"{name} must not contain infinite values")
    return array, index


def _object_to_float(name: str, array: np.ndarray) -> np.ndarray:
    flat = array.ravel()
    out = np.empty(flat.shape, dtype=np.float64)
    for i, item in enumerate(flat):
        if item is None or item is pd.NA:
            out[i] = np.nan
        elif isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
            raise ValueError(f"{name} must be numeric, found {item!r} of type {type(item).__name__}")
        else:
            out[i] = float(item)
    return out.reshape(array.shape)


def broadcast_columns(**named_values) -> tuple[list[np.ndarray], pd.Index]:
    """Convert and broadcast several arguments to 1-D arrays of one common length.

    Parameters
    ----------
    **named_values
        Argument name to value (scalar, sequence, array or Series).

    Returns
    -------
    arrays : list of numpy.ndarray
        One 1-D float64 array per argument, in the order given.
    index : pandas.Index
        The shared index of the Series among the arguments, or a RangeIndex.

    Raises
    ------
    ValueError
        If shapes cannot be broadcast, the result is more than 1-D, or two
        Series carry different indexes (they would be silently misaligned).

    Examples
    --------
    >>> arrays, index = broadcast_columns(a=[1, 2], c=10)
    >>> arrays[1]
    array([10., 10.])
    """
    converted = []
    index = None
    index_owner = None
    for name, value in named_values.items():
        array, series_index = as_float_array(name, value)
        if series_index is not None:
            if index is None:
                index, index_owner = series_index, name
            elif not index.equals(series_index):
                raise ValueError(
                    f"{index_owner} and {name} are Series with different indexes; "
                    "align them first (e.g. with .reindex) so rows match"
                )
        converted.append((name, array))
    try:
        arrays = np.broadcast_arrays(*(array for _, array in converted))
    except ValueError:
        shapes = ", ".join(f"{name}{array.shape}" for name, array in converted)
        raise ValueError(f"arguments have shapes that cannot be broadcast together: {shapes}") from None
    if arrays[0].ndim > 1:
        raise ValueError("arguments must be scalars or 1-D; got a shape of " f"{arrays[0].shape}")
    arrays = [np.atleast_1d(array).astype(np.float64, copy=True) for array in arrays]
    length = arrays[0].shape[0]
    if index is None:
        index = pd.RangeIndex(length)
    elif len(index) != length:
        raise ValueError(f"{index_owner} has {len(index)} rows but the arguments broadcast to {length}")
    return arrays, index


def require_nonnegative(name: str, values: np.ndarray) -> None:
    """Raise ValueError if any non-NaN value is negative."""
    if (values < 0).any():
        raise ValueError(f"{name} must not be negative (found {values[values < 0][0]:g})")


def require_at_most(name: str, values: np.ndarray, bound_name: str, bound: np.ndarray) -> None:
    """Raise ValueError if any value exceeds its bound (NaN comparisons pass)."""
    too_big = values > bound
    if too_big.any():
        i = int(np.flatnonzero(too_big)[0])
        raise ValueError(
            f"{name} must not exceed {bound_name} (row {i}: {name}={values[i]:g}, {bound_name}={bound[i]:g})"
        )
