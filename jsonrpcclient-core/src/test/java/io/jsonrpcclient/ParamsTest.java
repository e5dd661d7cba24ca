package io.jsonrpcclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void noneIsASingleValue() {
        assertThat(Params.none()).isSameAs(Params.None.INSTANCE);
    }

    @Test
    void positionalValuesKeepTheirOrderAndAllowNulls() {
        Params params = Params.of(1, null, "x");

        assertThat(params).isInstanceOfSatisfying(Params.Positional.class,
                p -> assertThat(p.values()).containsExactly(1, null, "x"));
    }

    @Test
    void noValuesMakeAnEmptyPositionalListNotNone() {
        assertThat(Params.of()).isEqualTo(new Params.Positional(List.of()));
        assertThat(Params.of()).isNotEqualTo(Params.none());
    }

    @Test
    void aNullVarargsArrayIsRefused() {
        assertThatThrownBy(() -> Params.of((Object[]) null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void positionalParamsCopyTheArraySoLaterChangesAreNotSeen() {
        Object[] values = {1, 2};
        Params params = Params.of(values);
        values[0] = 99;

        assertThat(((Params.Positional) params).values()).containsExactly(1, 2);
    }

    @Test
    void positionalParamsCopyTheListAndAllowNulls() {
        var values = new ArrayList<Object>(Arrays.asList("a", null));
        Params params = Params.positional(values);
        values.add("c");

        assertThat(((Params.Positional) params).values()).containsExactly("a", null);
    }

    @Test
    void positionalValuesCannotBeModified() {
        var values = ((Params.Positional) Params.of(1, 2)).values();

        assertThatThrownBy(() -> values.add(3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void namedParamsKeepTheGivenOrder() {
        var values = new LinkedHashMap<String, Object>();
        values.put("zeta", 1);
        values.put("alpha", 2);
        values.put("mu", 3);

        var named = (Params.Named) Params.named(values);

        assertThat(named.values().keySet()).containsExactly("zeta", "alpha", "mu");
    }

    @Test
    void namedParamsAllowNullValues() {
        var values = new HashMap<String, Object>();
        values.put("a", null);

        assertThat(((Params.Named) Params.named(values)).values()).containsEntry("a", null);
    }

    @Test
    void namedParamsRefuseANullName() {
        var values = new HashMap<String, Object>();
        values.put(null, 1);

        assertThatThrownBy(() -> Params.named(values)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names must not be null");
    }

    @Test
    void namedParamsCopyTheMapSoLaterChangesAreNotSeen() {
        var values = new LinkedHashMap<String, Object>();
        values.put("a", 1);
        var named = (Params.Named) Params.named(values);
        values.put("b", 2);

        assertThat(named.values()).containsOnlyKeys("a");
        assertThatThrownBy(() -> named.values().put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void paramsAreEqualByContent() {
        assertThat(Params.of(1, "a")).isEqualTo(Params.positional(List.of(1, "a")));
        assertThat(Params.named(Map.of("a", 1))).isEqualTo(Params.named(Map.of("a", 1)));
        assertThat(Params.of(1, 2)).isNotEqualTo(Params.of(2, 1));
    }
}
