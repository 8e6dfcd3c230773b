/// Quarterly publication of the scenario list: selection, renderers, diff, signing, verification.
public enum Publishing {}
