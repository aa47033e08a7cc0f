"""Monitoring methodology (CDM AMS-II.G): parameters and emission-reduction equations."""
