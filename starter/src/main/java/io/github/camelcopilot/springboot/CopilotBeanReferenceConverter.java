package io.github.camelcopilot.springboot;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.context.ApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.converter.GenericConverter;

/**
 * Binds the options that take a bean ({@code token-provider}, {@code conversation-store}, ...) from a reference to a
 * bean of the application: {@code #name} or {@code #bean:name}, as in Camel Main. Without one the component autowires
 * the single bean of the type where the option is autowired.
 */
final class CopilotBeanReferenceConverter implements GenericConverter {

    private final ApplicationContext applicationContext;

    CopilotBeanReferenceConverter(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public Set<ConvertiblePair> getConvertibleTypes() {
        Set<ConvertiblePair> pairs = new LinkedHashSet<>();
        for (Class<?> type : CopilotComponentConfiguration.REFERENCE_TYPES) {
            pairs.add(new ConvertiblePair(String.class, type));
        }
        return pairs;
    }

    @Override
    public Object convert(Object source, TypeDescriptor sourceType, TypeDescriptor targetType) {
        if (source == null) {
            return null;
        }
        String reference = source.toString().trim();
        if (!reference.startsWith("#")) {
            throw new IllegalArgumentException("Not a bean reference (#name or #bean:name): " + reference);
        }
        String name = reference.startsWith("#bean:") ? reference.substring("#bean:".length()) : reference.substring(1);
        return applicationContext.getBean(name, targetType.getType());
    }
}
