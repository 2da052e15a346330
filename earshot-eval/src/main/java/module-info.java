/** Measuring transcripts: word error rate, evaluation sets, percentiles. */
module dev.earshot.eval {
    exports dev.earshot.eval;
}
