package dev.mcpauth.bootstrap.logging;

import ch.qos.logback.classic.pattern.Abbreviator;
import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Writes an event as the pattern {@value ConsoleLogConfigurator#PATTERN} would, followed by its stack trace if it
 * has one, without logback's {@code PatternLayout}: the class initialisation of that one registers some seventy
 * converters, each a lambda class to spin, about a tenth of a second of every start for a pattern that never
 * changes.
 */
final class ConsoleLayout extends LayoutBase<ILoggingEvent> {
    private static final int LOGGER_NAME_LENGTH = 24;
    private static final int LEVEL_WIDTH = 5;

    private final ZoneId zone = ZoneId.systemDefault();
    private final Abbreviator abbreviator = new TargetLengthBasedClassNameAbbreviator(LOGGER_NAME_LENGTH);
    private final ThrowableProxyConverter throwable = new ThrowableProxyConverter();

    @Override
    public void start() {
        throwable.setContext(getContext());
        throwable.start();
        super.start();
    }

    @Override
    public void stop() {
        throwable.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        appendTime(line, LocalTime.ofInstant(Instant.ofEpochMilli(event.getTimeStamp()), zone));
        line.append(' ');
        String level = event.getLevel().toString();
        line.append(level);
        line.append(" ".repeat(Math.max(0, LEVEL_WIDTH - level.length())));
        line.append(' ');
        line.append(abbreviator.abbreviate(event.getLoggerName()));
        line.append(" - ");
        line.append(event.getFormattedMessage());
        line.append(CoreConstants.LINE_SEPARATOR);
        if (event.getThrowableProxy() != null) {
            line.append(throwable.convert(event));
        }
        return line.toString();
    }

    /** {@code HH:mm:ss.SSS} */
    private static void appendTime(StringBuilder line, LocalTime time) {
        appendPadded(line, time.getHour(), 2);
        line.append(':');
        appendPadded(line, time.getMinute(), 2);
        line.append(':');
        appendPadded(line, time.getSecond(), 2);
        line.append('.');
        appendPadded(line, time.getNano() / 1_000_000, 3);
    }

    private static void appendPadded(StringBuilder line, int value, int width) {
        String digits = Integer.toString(value);
        line.append("0".repeat(width - digits.length())).append(digits);
    }
}
