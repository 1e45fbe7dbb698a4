const DIGITS = Array.from({ length: 10 }, (_, d) => d);

/** The markup of "Prediction"; predictionView fills it from each inside-view snapshot, outside React. */
export function PredictionRegion() {
  return (
    <section className="prediction-region" aria-label="Prediction">
      <p className="prediction-answer" data-predicted="">
        Draw a digit.
      </p>
      <p className="visually-hidden" aria-live="polite" data-role="announcement" />
      <svg className="probability-svg" role="img" aria-label="Class probabilities" />
      <details className="probability-details">
        <summary>As a table</summary>
        <table className="probability-table">
          <thead>
            <tr>
              <th scope="col">Digit</th>
              <th scope="col">Probability</th>
            </tr>
          </thead>
          <tbody>
            {DIGITS.map((d) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                <td>–</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
