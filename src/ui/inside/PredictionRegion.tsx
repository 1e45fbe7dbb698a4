/** The markup of "Prediction"; predictionView fills it from each inside-view snapshot, outside React. */
export function PredictionRegion({ classNames, classHeading }: { classNames: readonly string[]; classHeading: string }) {
  return (
    <section className="prediction-region" aria-label="Prediction">
      <p className="prediction-answer" data-predicted="">
        …
      </p>
      <p className="visually-hidden" aria-live="polite" data-role="announcement" />
      <svg className="probability-svg" role="img" aria-label="Class probabilities" />
      <details className="probability-details">
        <summary>As a table</summary>
        <table className="probability-table">
          <thead>
            <tr>
              <th scope="col">{classHeading}</th>
              <th scope="col">Probability</th>
            </tr>
          </thead>
          <tbody>
            {classNames.map((name) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>–</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
