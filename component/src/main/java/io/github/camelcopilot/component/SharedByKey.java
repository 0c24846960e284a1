package io.github.camelcopilot.component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What endpoints with equal settings share (a transport, an MSAL application): made for the first that starts,
 * released when the last stops, so that {@code toD} with varying options does not accumulate them.
 */
final class SharedByKey<K, V> {

    private final Map<K, V> values = new HashMap<>();
    private final Map<K, Integer> users = new HashMap<>();
    private final Consumer<V> release;

    SharedByKey(Consumer<V> release) {
        this.release = release;
    }

    synchronized V acquire(K key, Function<K, V> create) {
        V value = values.containsKey(key) ? values.get(key) : create.apply(key);
        values.put(key, value);
        users.merge(key, 1, Integer::sum);
        return value;
    }

    synchronized void release(K key) {
        if (users.computeIfPresent(key, (ignored, count) -> count > 1 ? count - 1 : null) == null
            && values.containsKey(key)) {
            release.accept(values.remove(key));
        }
    }

    /** Releases everything, whoever still uses it: the owner is stopping. */
    synchronized void clear() {
        List<V> all = values();
        values.clear();
        users.clear();
        all.forEach(release);
    }

    synchronized List<V> values() {
        return List.copyOf(values.values());
    }
}
