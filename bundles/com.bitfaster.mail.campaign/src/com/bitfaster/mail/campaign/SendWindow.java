package com.bitfaster.mail.campaign;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.eclipse.osgi.util.NLS;

import com.bitfaster.mail.campaign.internal.Messages;

/**
 * When a campaign may send: on some days of the week, from one local time to another, in a time zone or in each
 * recipient's own ({@link #RECIPIENT}, from the list's {@value #ZONE_COLUMN} column). Local times follow the zone's
 * rules (daylight saving included): a window from 09:00 to 17:00 is eight hours of the zone's clock on every day, and
 * a start in a gap (a time skipped when the clocks go forward) opens at the first time after the gap. A {@code to}
 * before {@code from} spans midnight (22:00 to 06:00 opens on the evening of each day named); a {@code to} equal to
 * {@code from} (00:00 to 24:00) is the whole day.
 *
 * @param days the days the window opens on
 * @param from when it opens, the zone's local time
 * @param to   when it closes; {@code 00:00} or {@code 24:00} is the end of the day
 * @param zone an IANA time zone id, or {@link #RECIPIENT}
 */
public record SendWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, String zone) {

	/** The {@code zone} of a window in each recipient's time zone. */
	public static final String RECIPIENT = "recipient"; //$NON-NLS-1$

	/** The list column holding a recipient's time zone, an IANA id such as {@code Europe/Berlin}. */
	public static final String ZONE_COLUMN = "timezone"; //$NON-NLS-1$

	public SendWindow {
		days = days == null || days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
		Objects.requireNonNull(from, "from"); //$NON-NLS-1$
		Objects.requireNonNull(to, "to"); //$NON-NLS-1$
		zone = zone == null || zone.isBlank() ? "UTC" : zone.strip(); //$NON-NLS-1$
		if (!RECIPIENT.equals(zone)) {
			ZoneId.of(zone); // throws DateTimeException for an unknown id
		}
	}

	/**
	 * Reads the window's values as written in a campaign file or the editor.
	 *
	 * @throws IllegalArgumentException with a one-line message for the user
	 */
	public static SendWindow parse(String days, String from, String to, String zone) {
		LocalTime f = time(from, "from"); //$NON-NLS-1$
		LocalTime t = time(to, "to"); //$NON-NLS-1$
		String z = zone == null || zone.isBlank() ? "" : zone.strip(); //$NON-NLS-1$
		if (z.isEmpty()) {
			throw new IllegalArgumentException(Messages.Window_noZone);
		}
		if (!RECIPIENT.equals(z)) {
			try {
				ZoneId.of(z);
			} catch (DateTimeException e) {
				throw new IllegalArgumentException(NLS.bind(Messages.Window_badZone, z));
			}
		}
		return new SendWindow(days(days), f, t, z);
	}

	private static LocalTime time(String value, String member) {
		String v = value == null ? "" : value.strip(); //$NON-NLS-1$
		if ("24:00".equals(v)) { //$NON-NLS-1$
			return LocalTime.MIDNIGHT;
		}
		try {
			return LocalTime.parse(v);
		} catch (DateTimeParseException e) {
			throw new IllegalArgumentException(NLS.bind(Messages.Window_badTime, member, v));
		}
	}

	/** Reads "Mon-Fri", "Mon,Wed,Fri", "Sat-Sun" or "Fri-Mon" (wrapping), "daily" or nothing (every day). */
	public static Set<DayOfWeek> days(String text) {
		String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT); //$NON-NLS-1$
		if (t.isEmpty() || "daily".equals(t)) { //$NON-NLS-1$
			return EnumSet.allOf(DayOfWeek.class);
		}
		Set<DayOfWeek> result = EnumSet.noneOf(DayOfWeek.class);
		for (String part : t.split(",")) { //$NON-NLS-1$
			String[] range = part.strip().split("-", -1); //$NON-NLS-1$
			if (range.length > 2) {
				throw new IllegalArgumentException(NLS.bind(Messages.Window_badDays, text));
			}
			DayOfWeek first = day(range[0], text);
			DayOfWeek last = range.length == 2 ? day(range[1], text) : first;
			for (DayOfWeek d = first;; d = d.plus(1)) {
				result.add(d);
				if (d == last) {
					break;
				}
			}
		}
		return result;
	}

	private static DayOfWeek day(String name, String text) {
		String n = name.strip();
		for (DayOfWeek d : DayOfWeek.values()) {
			String full = d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
			if (n.length() >= 2 && full.startsWith(n)) {
				return d;
			}
		}
		throw new IllegalArgumentException(NLS.bind(Messages.Window_badDays, text));
	}

	/** @return the days as written: "Mon-Fri", "Mon,Wed", "daily" */
	public String daysText() {
		if (days.size() == 7) {
			return "daily"; //$NON-NLS-1$
		}
		StringBuilder b = new StringBuilder();
		DayOfWeek[] all = DayOfWeek.values();
		for (int i = 0; i < 7; i++) {
			if (!days.contains(all[i]) || i > 0 && days.contains(all[i - 1])) {
				continue;
			}
			int j = i;
			while (j + 1 < 7 && days.contains(all[j + 1])) {
				j++;
			}
			if (b.length() > 0) {
				b.append(',');
			}
			b.append(shortName(all[i]));
			if (j > i) {
				b.append(j == i + 1 ? "," : "-").append(shortName(all[j])); //$NON-NLS-1$ //$NON-NLS-2$
			}
		}
		return b.toString();
	}

	private static String shortName(DayOfWeek d) {
		return d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
	}

	public static String timeText(LocalTime t) {
		return String.format("%02d:%02d", t.getHour(), t.getMinute()); //$NON-NLS-1$
	}

	/** @return whether this window is in each recipient's own zone */
	public boolean perRecipient() {
		return RECIPIENT.equals(zone);
	}

	/** @return the window's zone; for {@link #perRecipient()} windows the recipient's, given */
	public ZoneId zoneFor(ZoneId recipientZone) {
		return perRecipient() ? recipientZone : ZoneId.of(zone);
	}

	private boolean overnight() {
		return !to.isAfter(from);
	}

	/** @return whether the window is open at {@code now} in {@code zone} */
	public boolean isOpen(Instant now, ZoneId zone) {
		ZonedDateTime local = now.atZone(zone);
		LocalTime t = local.toLocalTime();
		DayOfWeek d = local.getDayOfWeek();
		if (!overnight()) {
			return days.contains(d) && !t.isBefore(from) && t.isBefore(to);
		}
		return days.contains(d) && !t.isBefore(from) || days.contains(d.minus(1)) && t.isBefore(to);
	}

	/**
	 * @return when the window opens next after {@code now} in {@code zone} (a start in a daylight-saving gap opens
	 *         when the gap ends); {@code now}'s own time when it is open
	 */
	public ZonedDateTime nextOpen(Instant now, ZoneId zone) {
		if (isOpen(now, zone)) {
			return now.atZone(zone);
		}
		LocalDate date = now.atZone(zone).toLocalDate().minusDays(1);
		for (int i = 0; i < 9; i++, date = date.plusDays(1)) {
			if (days.contains(date.getDayOfWeek())) {
				java.time.LocalDateTime local = date.atTime(from);
				java.time.zone.ZoneOffsetTransition gap = zone.getRules().getTransition(local);
				// A time the clocks skip opens when the skipped hour ends (02:30 on the day 02:00 becomes 03:00: 03:00).
				ZonedDateTime opens = gap != null && gap.isGap() ? gap.getInstant().atZone(zone)
						: ZonedDateTime.of(local, zone);
				if (opens.toInstant().isAfter(now)) {
					return opens;
				}
			}
		}
		throw new IllegalStateException("no day in " + days); //$NON-NLS-1$
	}

	/** "Mon 09:00 Europe/Berlin (in 14 h)": when the window opens next, for messages to the user. */
	public static String describeOpening(ZonedDateTime opens, Instant now) {
		return shortName(opens.getDayOfWeek()) + " " + timeText(opens.toLocalTime()) + " " + opens.getZone().getId() //$NON-NLS-1$ //$NON-NLS-2$
				+ " (" + in(Duration.between(now, opens.toInstant())) + ")"; //$NON-NLS-1$ //$NON-NLS-2$
	}

	/** "in 14 h", "in 25 min", "in 40 s", "in 3 days" */
	public static String in(Duration d) {
		long s = Math.max(0, d.toSeconds());
		if (s < 60) {
			return "in " + s + " s"; //$NON-NLS-1$ //$NON-NLS-2$
		} else if (s < 3600) {
			return "in " + (s + 30) / 60 + " min"; //$NON-NLS-1$ //$NON-NLS-2$
		} else if (s < 48 * 3600) {
			return "in " + (s + 1800) / 3600 + " h"; //$NON-NLS-1$ //$NON-NLS-2$
		}
		return "in " + (s + 43200) / 86400 + " days"; //$NON-NLS-1$ //$NON-NLS-2$
	}
}
