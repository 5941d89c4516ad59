/* guestlift: seconds on the monotonic clock, for deadlines and the time
 * a step took (never the time of day: it does not jump). */
#ifndef GUESTLIFT_CLOCK_H
#define GUESTLIFT_CLOCK_H

/* Seconds since an arbitrary start, to the nanosecond. */
double gl_now (void);

#endif
