"""Stored figures: a page's computed figures kept with the data stamp they were computed at.

A console page asks `serve` for its figures under a key (what they depend on besides the
data: scope, period, day, parameters). If the stored row's stamp shows that no watched
table changed since (`stamp`), the stored figures are served; otherwise they are computed
in one snapshot, stored with that snapshot's stamp, and served. Changes are noted by
database triggers (revision 0024), so every write path counts — services, imports, the CLI,
corrections, erasures and plain SQL alike. Since data changes all day (every SMS), a job
recomputes the stale figures of the pages viewed (`refresh`), and a view may serve stale
figures younger than the job's interval plus a margin — marked stale, so the page says so
and offers to recompute; never stale silently, never older than that bound.
"""
