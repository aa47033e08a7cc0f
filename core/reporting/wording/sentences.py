"""The explanations the report's computation writes, as English templates and their Spanish.

Each English template is exactly what core/reporting and core/mrv write (a test renders real
reports and checks every sentence is read back); `{name}` is a figure, a date or a text the
sentence carries, written the same in both languages. Parts joined by "; " or ", " are
catalogued one by one. Spanish is es-PE for coordinators and the programme's staff.
"""

from core.reporting.wording.sentences_integrity import INTEGRITY, INTEGRITY_TERMS

# key: (English, Spanish)
SENTENCES: dict[str, tuple[str, str]] = {
    # Notes (core/reporting/assembly.py, core/mrv/parameters.py, core/mrv/integrity.py).
    "note.defaulted": (
        "parameters not in the file, at their packaged default: {names}",
        "parámetros que no están en el archivo, con su valor por defecto del paquete: {names}",
    ),
    "note.no_stoves": (
        "no stove was installed and in service in the period: all figures are zero",
        "ninguna cocina estaba instalada y en servicio en el periodo: todas las cifras son cero",
    ),
    "note.external_sample": (
        "no verification sample was drawn in qoncha for this period: every visited stove "
        "counts (the sample was drawn outside qoncha)",
        "no se sorteó en qoncha una muestra de verificación para este periodo: cuenta toda "
        "cocina visitada (la muestra se sorteó fuera de qoncha)",
    ),
    "note.no_week": (
        "the period holds no ISO week (none of its days is a Thursday): no self-reported figures",
        "el periodo no contiene ninguna semana ISO (ninguno de sus días es jueves): no hay "
        "cifras autorreportadas",
    ),
    "note.correction_reduced": (
        "adjustment {adjustment} of issued period {first}..{last} (issuance {issuance}, reason: "
        "{reason}) changed its ER by {change} tCO2e: this issuance is reduced by as much",
        "el ajuste {adjustment} del periodo emitido {first}..{last} (emisión {issuance}, motivo: "
        "{reason}) cambió su RE en {change} tCO2e: esta emisión se reduce en la misma cantidad",
    ),
    "note.correction_kept": (
        "adjustment {adjustment} of issued period {first}..{last} (issuance {issuance}, reason: "
        "{reason}) changed its ER by {change} tCO2e: not credited, an issued vintage is never "
        "topped up later",
        "el ajuste {adjustment} del periodo emitido {first}..{last} (emisión {issuance}, motivo: "
        "{reason}) cambió su RE en {change} tCO2e: no se acredita, una añada emitida nunca se "
        "completa después",
    ),
    "note.provisional": (
        "provisional: the period had not ended when this report was computed",
        "provisional: el periodo no había terminado cuando se calculó este reporte",
    ),
    "note.self_report": (
        "self-reported SMS figures are shown beside the verified usage, never credited",
        "las cifras autorreportadas por SMS se muestran junto al uso verificado, nunca se "
        "acreditan",
    ),
    "note.eta_new_low": (
        "eta_new {value} is below {limit}: check the stove test behind it",
        "eta_new {value} está por debajo de {limit}: revise la prueba de la cocina que lo respalda",
    ),
    "note.stale_fnrb": (
        "fNRB {value} is credited from {first}, after its valid_until {until}, because: {reason}",
        "la fNRB {value} se acredita desde el {first}, después de su valid_until {until}, "
        "porque: {reason}",
    ),
    "note.cohort_uncredited": (
        "cohort {cohort}: {reason}; none of its stove-days credited",
        "cohorte {cohort}: {reason}; ninguno de sus días-cocina se acredita",
    ),
    "note.kpt_side": (
        "KPT {phase} campaign {campaign}: precision target not met, its {side} is credited",
        "campaña KPT de {phase} {campaign}: no se alcanza la meta de precisión, se acredita su "
        "{side}",
    ),
    # Why U is what it is (core/mrv/calc.py, core/reporting/verification.py, sample_rule.py).
    "u.no_visits": (
        "no verification visits in the period",
        "no hubo visitas de verificación en el periodo",
    ),
    "u.none_in_use": ("no verified stove was in use", "ninguna cocina verificada estaba en uso"),
    "u.below_n_min": (
        "only {n} stoves verified, fewer than n_min = {n_min}: the 90/10 rule cannot pass, so "
        "the lower confidence bound {low} is credited instead of p",
        "solo {n} cocinas verificadas, menos que n_min = {n_min}: la regla 90/10 no puede "
        "cumplirse, por eso se acredita el límite inferior de confianza {low} en vez de p",
    ),
    "u.imprecise": (
        "precision {precision} misses the {target} target ({needed} verified stoves needed at "
        "p = {p}): the lower confidence bound {low} is credited instead of p",
        "la precisión {precision} no alcanza la meta de {target} (se necesitan {needed} cocinas "
        "verificadas con p = {p}): se acredita el límite inferior de confianza {low} en vez de p",
    ),
    "u.as_if_p": (
        "p credited as if 90/10 passed",
        "se acredita p como si se cumpliera la regla 90/10",
    ),
    "u.no_stacking_seen": (
        "stacking discount not applied: no visit recorded the old fire",
        "descuento por uso combinado no aplicado: ninguna visita registró el fogón antiguo",
    ),
    "u.stacking_discounted": (
        "usage discounted by the stacking share {share} (U before the discount {before})",
        "uso descontado por la proporción de uso combinado {share} (U antes del descuento "
        "{before})",
    ),
    "u.district_informative": (
        "informative only: emission reductions use the programme-wide U",
        "solo informativo: las reducciones de emisiones usan la U de todo el programa",
    ),
    "u.district_unverified": (
        "no verified stove in this district",
        "ninguna cocina verificada en este distrito",
    ),
    "sample.unfinished": (
        "the sample is unfinished: {visited} of {drawn} drawn stoves visited",
        "la muestra está incompleta: {visited} de {drawn} cocinas sorteadas visitadas",
    ),
    "sample.not_visited": ("{n} not yet visited", "{n} aún sin visitar"),
    "sample.not_found": (
        "{n} recorded as not found, {replaced} of them replaced by reserves in drawn order",
        "{n} registradas como no encontradas, {replaced} de ellas reemplazadas por reservas en "
        "el orden del sorteo",
    ),
    "sample.unreplaced": (
        "{n} not found with no reserve left",
        "{n} no encontradas y sin reserva que las reemplace",
    ),
    "cohort.no_evidence": (
        "no verification visit of this cohort and no commissioning check",
        "ninguna visita de verificación de esta cohorte y ninguna revisión de puesta en marcha",
    ),
    # How stacking enters U (core/reporting/verification.py).
    "stacking.unknown": (
        "stacking_discount = {flag}: no visit recorded whether the old fire is still in use, so "
        "no discount",
        "stacking_discount = {flag}: ninguna visita registró si el fogón antiguo sigue en uso, "
        "por eso no hay descuento",
    ),
    "stacking.not_applied": (
        "stacking_discount = {flag}: the stacking share from visits ({share}) is reported but "
        "not applied; U would be {discounted} instead of {u} with it",
        "stacking_discount = {flag}: la proporción de uso combinado según las visitas ({share}) "
        "se reporta pero no se aplica; con ella U sería {discounted} en vez de {u}",
    ),
    "stacking.applied": (
        "stacking_discount = {flag}: U is multiplied by 1 - {share}, the stacking share from "
        "visits",
        "stacking_discount = {flag}: U se multiplica por 1 - {share}, la proporción de uso "
        "combinado según las visitas",
    ),
}

# One-word (or few-word) values of the report, said as they are: results, phases, sources.
TERMS: dict[str, tuple[str, str]] = {
    "pass": ("pass", "cumple"),
    "fail": ("fail", "no cumple"),
    "not_assessed": ("not_assessed", "no evaluada"),
    "rejected": ("rejected", "rechazada"),
    "approved with conditions": ("approved with conditions", "aprobada con condiciones"),
    "approved": ("approved", "aprobada"),
    "not assessed by the ICVCM": ("not assessed by the ICVCM", "no evaluada por el ICVCM"),
    "baseline": ("baseline", "línea base"),
    "project": ("project", "proyecto"),
    "mean": ("mean", "media"),
    "lower bound": ("lower bound", "límite inferior"),
    "upper bound": ("upper bound", "límite superior"),
    "not credited": ("not credited", "no acreditada"),
    "visits": ("visits", "visitas"),
    "commissioning check": ("commissioning check", "revisión de puesta en marcha"),
    "programme usage rate": ("programme usage rate", "tasa de uso del programa"),
    "none": ("none", "ninguna"),
    "operational share by cohort": (
        "operational share by cohort",
        "proporción operativa por cohorte",
    ),
    "programme-wide verified U": (
        "programme-wide verified U",
        "U verificada de todo el programa",
    ),
    "not stated": ("not stated", "no indicado"),
    "basis not stated": ("basis not stated", "base no indicada"),
    "area not stated": ("area not stated", "área no indicada"),
}

SENTENCES.update(INTEGRITY)
TERMS.update(INTEGRITY_TERMS)
