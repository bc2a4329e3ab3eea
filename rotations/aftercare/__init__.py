"""After the first day: the preceptor confirms the observer's attendance and evaluates them;
a block with both is complete, and the application is completed with its last block."""
