"""The practice studio's pure core: reply kinds and the offline reply classifier."""
