"""The labels of the report's later sections: verification, self-report, stacking, evidence,
methodology and integrity, in English and Spanish (es-PE)."""

# key: (English, Spanish)
SECTION_LABELS: dict[str, tuple[str, str]] = {
    "verification": (
        "Verification sample and precision",
        "Muestra de verificación y precisión",
    ),
    "v.sample": ("Sample", "Muestra"),
    "v.sample_qoncha": (
        "drawn in qoncha for exactly this period: only sampled stoves count ({n} visits of "
        "other stoves reported apart)",
        "sorteada en qoncha para exactamente este periodo: solo cuentan las cocinas de la "
        "muestra ({n} visitas a otras cocinas se reportan aparte)",
    ),
    "v.sample_external": (
        "drawn outside qoncha: every visited stove counts",
        "sorteada fuera de qoncha: cuenta toda cocina visitada",
    ),
    "v.n": (
        "Stoves verified, n (latest visit in the period)",
        "Cocinas verificadas, n (última visita en el periodo)",
    ),
    "v.in_use": ("Found in use", "Encontradas en uso"),
    "v.p": ("p = in use / n", "p = en uso / n"),
    "v.interval": (
        "Two-sided {confidence} % {method} interval, L to H",
        "Intervalo bilateral de {confidence} % ({method}), de L a H",
    ),
    "v.precision": (
        "Relative precision of the lower side, (p − L) / p",
        "Precisión relativa del lado inferior, (p − L) / p",
    ),
    "v.n_min": (
        "Fewest verified stoves with which 90/10 may pass (n_min)",
        "Mínimo de cocinas verificadas con el que puede cumplirse 90/10 (n_min)",
    ),
    "v.passes": ("Meets the 90/10 rule", "Cumple la regla 90/10"),
    "v.u_by_cohort": (
        "U programme-wide (usage is credited by cohort, see Cohorts)",
        "U de todo el programa (el uso se acredita por cohorte, ver Cohortes)",
    ),
    "v.u_applied": ("U applied", "U aplicada"),
    "v.n_needed": (
        "Sample size a 90/10 result would need at this p",
        "Tamaño de muestra que necesitaría un resultado 90/10 con esta p",
    ),
    "v.why": ("Why", "Por qué"),
    "v.account": (
        "Sample drawn / visited / not found / replaced by reserves / not yet visited",
        "Muestra sorteada / visitadas / no encontradas / reemplazadas por reservas / aún sin "
        "visitar",
    ),
    "v.reserves_ignored": (
        "Reserve stoves visited with no not-found stove to replace (not counted)",
        "Cocinas de reserva visitadas sin cocina no encontrada que reemplazar (no cuentan)",
    ),
    "v.district_informative": ("District (informative)", "Distrito (informativo)"),
    "col.in_use": ("In use", "En uso"),
    "col.precision": ("Precision", "Precisión"),
    "col.stacking": ("Stacking", "Uso combinado"),
    "col.outside_sample": ("Visits outside sample", "Visitas fuera de la muestra"),
    "v.programme_wide": (
        "U is estimated programme-wide from the whole sample; district figures only describe it.",
        "U se estima para todo el programa con la muestra completa; las cifras por distrito "
        "solo la describen.",
    ),
    "self_report": (
        "Self-reported use (SMS), beside the verified use",
        "Uso autorreportado (SMS), junto al uso verificado",
    ),
    "s.reporting": (
        "Stoves reporting (an observation in force in the period's weeks)",
        "Cocinas que reportan (una observación vigente en las semanas del periodo)",
    ),
    "s.response": (
        "Response rate (reporting stove-weeks / active stove-weeks)",
        "Tasa de respuesta (semanas-cocina con reporte / semanas-cocina activas)",
    ),
    "s.use": (
        "Share of answers reporting use (1 day or more)",
        "Proporción de respuestas que reportan uso (1 día o más)",
    ),
    "s.mean_days": ("Mean days used per week", "Media de días de uso por semana"),
    "s.ratio": (
        "Self-reported share of days ÷ verified p",
        "Proporción de días autorreportada ÷ p verificada",
    ),
    "s.never_credited": (
        "Self-reported figures are never credited: households tend to over-report use, so U "
        "comes only from field verification.",
        "Las cifras autorreportadas nunca se acreditan: los hogares tienden a sobrerreportar el "
        "uso, por eso U proviene solo de la verificación en campo.",
    ),
    "stacking": ("Stacking", "Uso combinado (apilamiento)"),
    "st.visits": (
        "Verified stoves whose latest visit saw the old fire in regular use",
        "Cocinas verificadas cuya última visita encontró el fogón antiguo en uso regular",
    ),
    "st.sms": (
        "SMS FOGON answers reporting at least one day of open fire (informative)",
        "Respuestas FOGON por SMS que reportan al menos un día de fogón abierto (informativo)",
    ),
    "st.applied": (
        "Stacking applied as a discount on U",
        "Uso combinado aplicado como descuento sobre U",
    ),
    "evidence": ("Evidence", "Evidencia"),
    "col.count": ("Count", "Conteo"),
    "ev.usage_messages": ("usage messages", "mensajes de uso"),
    "ev.usage_observations": ("usage observations", "observaciones de uso"),
    "ev.visits_in_period": ("visits in period", "visitas en el periodo"),
    "ev.visits_counted": ("visits counted", "visitas contadas"),
    "ev.stoves_installed": ("stoves installed", "cocinas instaladas"),
    "ev.stoves_credited": ("stoves credited", "cocinas acreditadas"),
    "ev.stoves_reporting": ("stoves reporting", "cocinas que reportan"),
    "ev.stoves_visited": ("stoves visited", "cocinas visitadas"),
    "ev.stoves_verified": ("stoves verified", "cocinas verificadas"),
    "ev.stoves_verified_broken": ("stoves verified broken", "cocinas verificadas malogradas"),
    "ev.weeks": ("weeks", "semanas"),
    "ev.visits_far_from_stove": ("visits far from stove", "visitas lejos de la cocina"),
    "ev.usage_read_by_staff": ("usage read by staff", "uso leído por el personal"),
    "method": (
        "Methodology: {name} (version {version})",
        "Metodología: {name} (versión {version})",
    ),
    "m.wood_saved": ("Wood saved in the period", "Leña ahorrada en el periodo"),
    "m.usage": ("Usage applied", "Uso aplicado"),
    "m.kpt_savings": ("Savings measured by KPT, S", "Ahorro medido con KPT, S"),
    "m.households_served": (
        "Households served by the stoves installed",
        "Hogares atendidos por las cocinas instaladas",
    ),
    "m.fnrb": ("fNRB from {first} to {last}", "fNRB del {first} al {last}"),
    "m.option": ("Option of the parameters file", "Opción del archivo de parámetros"),
    "m.option_values": (
        "Values, units, sources and validity",
        "Valores, unidades, fuentes y vigencia",
    ),
    "kpt": ("Kitchen performance tests", "Pruebas de desempeño en cocina (KPT)"),
    "kpt.campaign": ("Campaign", "Campaña"),
    "kpt.phase": ("Phase", "Fase"),
    "kpt.days": ("Days weighed", "Días pesados"),
    "kpt.households": ("Households", "Hogares"),
    "kpt.mean": ("Mean (kg/day)", "Media (kg/día)"),
    "kpt.sd": ("SD", "DE"),
    "kpt.interval": ("90 % interval", "Intervalo de 90 %"),
    "kpt.applied": ("Applied", "Aplicado"),
    "kpt.left_out": (
        "Left out (too few days) / beyond 3 SD (kept)",
        "Excluidos (muy pocos días) / a más de 3 DE (se mantienen)",
    ),
    "kpt.none": ("none", "ninguno"),
    "cohorts": ("Cohorts (installation year)", "Cohortes (año de instalación)"),
    "c.cohort": ("Cohort", "Cohorte"),
    "c.share_days": ("Share of stove-days", "Parte de los días-cocina"),
    "c.visited_in_use": ("Visited / in use", "Visitadas / en uso"),
    "c.operational": ("Operational share", "Proporción operativa"),
    "c.from": ("From", "Según"),
    "c.operating_days": ("Operating stove-days", "Días-cocina operativos"),
    "c.wood_saved": ("Wood saved (t)", "Leña ahorrada (t)"),
    "sensitivity": (
        "Sensitivity: the ER under other documented values",
        "Sensibilidad: la RE con otros valores documentados",
    ),
    "sens.used": ("Value used", "Valor usado"),
    "sens.other": ("Other value", "Otro valor"),
    "sens.change": ("Change", "Cambio"),
    "integrity": (
        "Integrity conditions (ICVCM Core Carbon Principles)",
        "Condiciones de integridad (Principios Básicos de Carbono del ICVCM)",
    ),
    "i.methodology": ("Methodology {methodology}:", "Metodología {methodology}:"),
    "i.on": ("on {day}", "el {day}"),
    "i.all_passed": ("Every condition passed:", "Se cumplen todas las condiciones:"),
    "i.condition": ("Condition", "Condición"),
    "i.result": ("Result", "Resultado"),
    "i.evidence": ("Evidence", "Evidencia"),
    "i.overlap": (
        "Other mitigation activities claim {stoves} of the stoves ({claims} claims): {removed} "
        "stove-days removed from the ER ({excluded} excluded, {discounted} discounted).",
        "Otras actividades de mitigación reclaman {stoves} de las cocinas ({claims} reclamos): "
        "{removed} días-cocina retirados de la RE ({excluded} excluidos, {discounted} "
        "descontados).",
    ),
}
