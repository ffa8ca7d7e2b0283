"""seismo.analyze: what analysts open every morning, built on the stored events.

    incidents  IncidentIndex, Incident, summarise, pairwise_scores   (reports -> incidents)
    matching   MatchConfig, match_score, same_happening               (could two records be one happening?)
    sources    source_profile, document_genre, genre_cues             (outlet type; reporting vs opinion)
    risk       risk_series, minerals_at_risk, QUAD, intensity         (series, baselines, anomalies)
    alerts     load_rules, evaluate_alerts, AlertContext, WebhookSink (rules in data/analyze/alerts.yaml)
    persist    refresh_incidents, run_alerts, list_incidents, get_incident, list_alerts,
               acknowledge_alert, StoreAlertSink                      (tables of migration 100_analysis.sql)

Each module's docstring documents its public API and formulas.
"""
