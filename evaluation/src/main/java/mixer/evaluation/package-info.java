/**
 * Evaluation on plain arrays: models hand in {@link mixer.evaluation.Predictions} (normalised, one row
 * per example, with the truth and the track of each example) and get back scores, an ensemble and a
 * report. How a run goes:
 *
 * <pre>{@code
 * // validation: fit the ensemble, save it next to the member bundles
 * EnsembleFitter.Fit fit = EnsembleFitter.fit(List.of(cnnVal, enhancedVal, astVal));
 * EnsembleBundle bundle = fit.bundle(members, Map.of("seed", seed, "dataset_sha256", hash));
 * bundle.save(modelsDir.resolve("ensemble.json"));
 *
 * // test: every model, the ensemble and the mean baseline on the same examples
 * Predictions ens = EnsembleFitter.apply(bundle.ensemble(), List.of(cnn, enhanced, ast));
 * Predictions mean = MeanPredictor.ofSampler().predict(cnn);
 * Bootstrap bootstrap = Bootstrap.withSeed(seed);
 * AudioEvaluation audio = AudioEvaluation.run(List.of(cnn, enhanced, ast, ens, mean), id -> loadPair(id),
 *         MultiResolutionStft.standard(), bootstrap, 2, log::println);
 * ReportData data = ReportData.builder("mixer evaluation: restore, test split", bootstrap).task(Task.RESTORE)
 *         .model(cnn).model(enhanced).model(ast).model(ens).baseline(mean)
 *         .audio(audio).ensemble(bundle)
 *         .history(TrainingHistory.of("baseline_cnn", cnnBundle.history())) // the run the bundle carries
 *         .provenance(Map.of("dataset_sha256", hash, "dl4j", "1.0.0-M2.1", "device", device))
 *         .build();
 * new ReportWriter().write(reportDir, data);
 * }</pre>
 */
package mixer.evaluation;
