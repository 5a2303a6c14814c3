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

/** A bar chart (SWTChart) of a campaign's recipients by outcome, in the ledger's states. */
final class OutcomeChart {

	/** The states shown, in the order of a campaign's life: final outcomes first, then what is still open. */
	static final DeliveryState[] STATES = { DeliveryState.ACCEPTED, DeliveryState.DEFERRED, DeliveryState.REJECTED,
			DeliveryState.UNKNOWN, DeliveryState.SUPPRESSED, DeliveryState.SENDING, DeliveryState.PENDING };

	private final Chart chart;
	private final IBarSeries<?> bars;
	private Map<DeliveryState, Long> shown = Map.of();

	OutcomeChart(Composite parent) {
		chart = new Chart(parent, SWT.NONE);
		chart.getTitle().setVisible(false);
		chart.getLegend().setVisible(false);
		String[] labels = new String[STATES.length];
		for (int i = 0; i < STATES.length; i++) {
			labels[i] = CampaignReportView.label(STATES[i]);
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
		set(new EnumMap<>(DeliveryState.class));
	}

	Chart control() {
		return chart;
	}

	/** Shows these counts; states missing count as 0. */
	void set(Map<DeliveryState, Long> counts) {
		double[] values = new double[STATES.length];
		Map<DeliveryState, Long> copy = new EnumMap<>(DeliveryState.class);
		for (int i = 0; i < STATES.length; i++) {
			long n = counts.getOrDefault(STATES[i], 0L);
			values[i] = n;
			copy.put(STATES[i], n);
		}
		shown = Collections.unmodifiableMap(copy);
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
}
