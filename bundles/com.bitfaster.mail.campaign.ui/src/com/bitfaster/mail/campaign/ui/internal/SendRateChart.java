package com.bitfaster.mail.campaign.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ISeries.SeriesType;

/**
 * A line chart (SWTChart) of how far a run got (percent of its recipients) over the seconds since the view started
 * watching it: its slope is the send rate, which the status line above gives in recipients per second. Samples come
 * from the view's updates, one per change.
 */
final class SendRateChart {

	private static final int MAX_SAMPLES = 600;

	private final Chart chart;
	private final ILineSeries<?> line;
	private final long start = System.nanoTime();
	private final List<double[]> samples = new ArrayList<>();

	SendRateChart(Composite parent) {
		chart = new Chart(parent, SWT.NONE);
		chart.getLegend().setVisible(false);
		chart.getAxisSet().getXAxis(0).getTitle().setText(Messages.Chart_seconds);
		chart.getAxisSet().getYAxis(0).getTitle().setText(Messages.Chart_sent);
		line = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, "sent"); //$NON-NLS-1$
		line.setLineColor(new Color(0x3b, 0x7d, 0xd8));
		line.setSymbolType(ILineSeries.PlotSymbolType.NONE);
		line.enableArea(true);
		chart.getTitle().setText(Messages.Chart_rate);
	}

	Chart control() {
		return chart;
	}

	/** Adds a sample when the share done changed (or for the first one). */
	void sample(int doneUnits, int totalUnits) {
		double done = totalUnits <= 0 ? 0 : 100.0 * Math.min(doneUnits, totalUnits) / totalUnits;
		if (!samples.isEmpty() && samples.get(samples.size() - 1)[1] == done) {
			return;
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		samples.add(new double[] { seconds, done });
		if (samples.size() > MAX_SAMPLES) {
			samples.remove(0);
		}
		double[] x = new double[samples.size()];
		double[] y = new double[samples.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = samples.get(i)[0];
			y[i] = samples.get(i)[1];
		}
		line.setXSeries(x);
		line.setYSeries(y);
		chart.getAxisSet().adjustRange();
		chart.getAxisSet().getYAxis(0).setRange(new org.eclipse.swtchart.Range(0, 100));
		chart.redraw();
	}

	/** @return the samples drawn: seconds and percent done */
	List<double[]> samples() {
		return List.copyOf(samples);
	}
}
