"""The report's headings, row labels and fixed explanations, in English and Spanish (es-PE).

Keys name what a label says; `{name}` placeholders are figures the renderer fills in, the
same in both languages. The HTML page and its charts print only these (and the report's
own sentences, see sentences.py).
"""

from core.reporting.wording.labels_sections import SECTION_LABELS

# key: (English, Spanish)
LABELS: dict[str, tuple[str, str]] = {
    "title": (
        "Monitoring report {start} to {end}",
        "Reporte de monitoreo del {start} al {end}",
    ),
    "heading": (
        "Monitoring report: {start} to {end}",
        "Reporte de monitoreo: del {start} al {end}",
    ),
    "subtitle": (
        "Monitored emission reductions of the improved-cookstove programme ({methodology}, "
        "version {version}). Days are inclusive, in the programme time zone.",
        "Reducciones de emisiones monitoreadas del programa de cocinas mejoradas "
        "({methodology}, versión {version}). Los días son inclusivos, en la zona horaria del "
        "programa.",
    ),
    "yes": ("yes", "sí"),
    "no": ("no", "no"),
    "to": ("to", "a"),
    "summary": ("Summary", "Resumen"),
    "card.er": ("Emission reductions", "Reducción de emisiones"),
    "card.full_precision": ("full precision: {value}", "precisión completa: {value}"),
    "card.issuable": ("Issuable (rounded down)", "Emitibles (redondeado hacia abajo)"),
    "card.whole_tonnes": (
        "only whole tonnes become ITMOs",
        "solo las toneladas enteras se convierten en ITMO",
    ),
    "card.usage_by_cohort": (
        "Usage credited (by cohort, stove-day-weighted)",
        "Uso acreditado (por cohorte, ponderado por días-cocina)",
    ),
    "card.cohort_share": (
        "{cohort}: {share} of {days} of stove-days",
        "{cohort}: {share} de {days} de los días-cocina",
    ),
    "card.programme_u": (
        "(programme-wide verified U {u}, not credited)",
        "(U verificada de todo el programa {u}, no acreditada)",
    ),
    "card.u_applied": ("Usage rate U applied", "Tasa de uso U aplicada"),
    "card.interval": (
        "90 % interval {low} to {high}",
        "intervalo de 90 % de {low} a {high}",
    ),
    "card.stove_days": ("Stove-days", "Días-cocina"),
    "card.stoves_installed": ("{n} stoves installed", "{n} cocinas instaladas"),
    "col.quantity": ("Quantity", "Magnitud"),
    "col.value": ("Value", "Valor"),
    "col.unit": ("Unit", "Unidad"),
    "row.stoves_installed": (
        "Stoves installed (by the period end, not decommissioned before its start)",
        "Cocinas instaladas (al final del periodo, no dadas de baja antes de su inicio)",
    ),
    "row.stove_days": (
        "Stove-days credited, per household-day (both ends inclusive; technical life and "
        "decommissioning applied)",
        "Días-cocina acreditados, por hogar-día (ambos extremos inclusivos; con vida útil y "
        "bajas aplicadas)",
    ),
    "row.stove_days_raw": (
        "Stove-days counted per stove, unweighted",
        "Días-cocina contados por cocina, sin ponderar",
    ),
    "row.several_stoves": (
        "Households with several stoves on a same day ({stoves} stoves): each of k stoves "
        "counts 1/k of a stove-day; stove-days removed",
        "Hogares con varias cocinas en un mismo día ({stoves} cocinas): cada una de k cocinas "
        "cuenta 1/k de día-cocina; días-cocina retirados",
    ),
    "row.usage_credited": (
        "Usage credited, stove-day-weighted over the cohorts' operational shares",
        "Uso acreditado, ponderado por días-cocina sobre las proporciones operativas de las "
        "cohortes",
    ),
    "row.programme_u": (
        "Programme-wide verified U (not credited: usage is credited by cohort)",
        "U verificada de todo el programa (no acreditada: el uso se acredita por cohorte)",
    ),
    "row.u_applied": ("Usage rate applied, U", "Tasa de uso aplicada, U"),
    "row.savings": (
        "Wood saved per stove-day, S (stove-day-weighted over baselines)",
        "Leña ahorrada por día-cocina, S (ponderada por días-cocina entre líneas base)",
    ),
    "row.stacking": (
        "Stacking share (verified visits)",
        "Proporción de uso combinado (visitas verificadas)",
    ),
    "row.er": ("Emission reductions, ER", "Reducción de emisiones, RE"),
    "row.issuable": ("Issuable tonnes", "Toneladas emitibles"),
    "unit.stoves": ("stoves", "cocinas"),
    "unit.stove_days": ("stove-days", "días-cocina"),
    "unit.households_stove_days": ("households / stove-days", "hogares / días-cocina"),
    "unit.share": ("share", "proporción"),
    "unit.t_per_stove_day": ("t / stove-day", "t / día-cocina"),
    "unit.kg_per_operating_day": ("kg / operating stove-day", "kg / día-cocina operativo"),
    "unit.households": ("households", "hogares"),
    "unit.fraction": ("fraction", "fracción"),
    "parameters": ("Parameters", "Parámetros"),
    "col.parameter": ("Parameter", "Parámetro"),
    "col.source": ("Source", "Fuente"),
    "col.version": ("Version", "Versión"),
    "by_district": (
        "Stove-days and emission reductions by district",
        "Días-cocina y reducciones de emisiones por distrito",
    ),
    "col.district": ("District", "Distrito"),
    "col.stoves": ("Stoves", "Cocinas"),
    "col.reporting_sms": ("Reporting by SMS", "Reportan por SMS"),
    "col.stove_days": ("Stove-days", "Días-cocina"),
    "col.s": ("S (t/stove-day)", "S (t/día-cocina)"),
    "col.er": ("ER (tCO2e)", "RE (tCO2e)"),
    "col.er_share": ("Share of ER", "Parte de la RE"),
    "total": ("Total", "Total"),
    "col.vintage": ("Vintage", "Añada"),
    "footer": (
        "{methodology} version {version}; computed by {software}.",
        "{methodology} versión {version}; calculado por {software}.",
    ),
    "digest": ("Content digest (SHA-256):", "Huella del contenido (SHA-256):"),
    "chart.week": ("ISO week", "semana ISO"),
    "chart.self": (
        "self-reported (mean days used / 7)",
        "autorreportado (media de días de uso / 7)",
    ),
    "chart.p": ("verified p", "p verificada"),
    "chart.interval": ("90 % interval of p", "intervalo de 90 % de p"),
    "chart.by_cohort": ("usage credited (by cohort)", "uso acreditado (por cohorte)"),
    "chart.u": ("U applied", "U aplicada"),
    "chart.no_week": ("no week of the period", "ninguna semana del periodo"),
    "chart.share_of_days": ("share of days", "proporción de días"),
    "chart.response_rate": ("response rate", "tasa de respuesta"),
}
LABELS.update(SECTION_LABELS)
