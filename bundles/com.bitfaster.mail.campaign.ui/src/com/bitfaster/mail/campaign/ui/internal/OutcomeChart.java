package com.bitfaster.mail.campaign.ui.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.IBarSeries;
import org.eclipse.swtchart.ISeries.SeriesType;

import com.bitfaster.mail.campaign.DeliveryState;

/**
 * A bar chart (SWTChart) of a campaign's recipients by outcome, in the ledger's states, with the recipients whose
 * mail bounced later (read back from the bounce mailbox; they also count as accepted) as a bar of their own after
 * "unknown".
 */
final class OutcomeChart {

	/** The states shown, in the order of a campaign's life: final outcomes first, then what is still open. */
	static final DeliveryState[] STATES = { DeliveryState.ACCEPTED, DeliveryState.DEFERRED, DeliveryState.REJECTED,
			DeliveryState.UNKNOWN, DeliveryState.SUPPRESSED, DeliveryState.SENDING, DeliveryState.PENDING };

	private final Chart chart;
	private final IBarSeries<?> bars;
	/** Where the "bounced" bar goes among {@link #STATES}' bars. */
	private static final int BOUNCED_AT = 4;

	private Map<DeliveryState, Long> shown = Map.of();
	private long shownBounced;

	OutcomeChart(Composite parent) {
		chart = new Chart(parent, SWT.NONE);
		chart.getTitle().setVisible(false);
		chart.getLegend().setVisible(false);
		String[] labels = new String[STATES.length + 1];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = i == BOUNCED_AT ? Messages.Chart_bounced : CampaignReportView.label(STATES[i < BOUNCED_AT ? i : i - 1]);
		}
		IAxis x = chart.getAxisSet().getXAxis(0);
		x.getTitle().setVisible(false);
		x.setCategorySeries(labels);
		x.enableCategory(true);
		IAxis y = chart.getAxisSet().getYAxis(0);
		y.getTitle().setText(Messages.Chart_recipients);
		bars = (IBarSeries<?>) chart.getSeriesSet().createSeries(SeriesType.BAR, "outcomes"); //$NON-NLS-1$
		bars.setBarColor(new Color(0x3b, 0x7d, 0xd8));
		bars.getLabel().setVisible(true);
		bars.setBarPadding(30);
		set(new EnumMap<>(DeliveryState.class), 0);
	}

	Chart control() {
		return chart;
	}

	/** Shows these counts (states missing count as 0) and how many recipients bounced later. */
	void set(Map<DeliveryState, Long> counts, long bounced) {
		double[] values = new double[STATES.length + 1];
		Map<DeliveryState, Long> copy = new EnumMap<>(DeliveryState.class);
		for (int i = 0; i < STATES.length; i++) {
			long n = counts.getOrDefault(STATES[i], 0L);
			values[i < BOUNCED_AT ? i : i + 1] = n;
			copy.put(STATES[i], n);
		}
		values[BOUNCED_AT] = bounced;
		shown = Collections.unmodifiableMap(copy);
		shownBounced = bounced;
		bars.setYSeries(values);
		chart.getAxisSet().adjustRange();
		IAxis y = chart.getAxisSet().getYAxis(0);
		y.setRange(new org.eclipse.swtchart.Range(0, Math.max(1, y.getRange().upper * 1.1)));
		chart.redraw();
	}

	/** @return the counts the bars show, by state */
	Map<DeliveryState, Long> shown() {
		return shown;
	}

	/** @return the recipients the "bounced" bar shows */
	long shownBounced() {
		return shownBounced;
	}
}
