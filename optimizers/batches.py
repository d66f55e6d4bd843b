"""Which examples each step sees: shuffle once per epoch, then take consecutive batches."""

import numpy as np


def batch_schedule(n_examples: int, batch_size: int, steps: int, seed: int = 0) -> list[np.ndarray]:
    """The example indices used at each of `steps` steps.

    Every epoch shuffles all examples with a generator seeded from `seed` and cuts them into
    consecutive batches of `batch_size`; the last batch of an epoch keeps what is left, so every
    example is seen once per epoch.
    """
    if int(batch_size) != batch_size or not 1 <= batch_size <= n_examples:
        raise ValueError(f"batch_size must be a whole number from 1 to {n_examples} (the number of examples)")
    batches: list[np.ndarray] = []
    for order in epoch_orders(n_examples, batch_size, steps, seed):
        batches += [order[i : i + batch_size] for i in range(0, n_examples, batch_size)]
    return batches[:steps]


def epoch_orders(n_examples: int, batch_size: int, steps: int, seed: int = 0) -> list[np.ndarray]:
    """Each epoch's shuffled order of the examples, as many epochs as `steps` batches of `batch_size` take: what
    `batch_schedule` cuts, and what the browser's twin cuts the same way."""
    rng = np.random.default_rng(seed)
    per_epoch = -(-n_examples // int(batch_size))
    return [rng.permutation(n_examples) for _ in range(-(-int(steps) // per_epoch))]


def examples_processed(n_examples: int, batch_size: int | None, steps: int, seed: int = 0) -> np.ndarray:
    """How many examples the gradients have cost after each step 0 … steps: the chapter's measure of work."""
    if batch_size is None or batch_size >= n_examples:
        return np.arange(steps + 1) * n_examples
    sizes = [len(batch) for batch in batch_schedule(n_examples, batch_size, steps, seed)]
    return np.concatenate([[0], np.cumsum(sizes)])
