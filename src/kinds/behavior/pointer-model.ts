// Written by `npm run eval:iliou-fit -- --write`; do not edit by hand.
// Logistic regression over standardised inputs, fitted on the Iliou et al. development set (105 sessions).
export const POINTER_MODEL = {"inputs":["log1p(straight_runs_per_1000)","interval_cv","end_speed_ratio"],"mean":[1.2033,0.3435,0.4126],"scale":[1.111,0.2339,0.1941],"weights":[0.1867,-1.8543,2.098],"bias":1.4071};
