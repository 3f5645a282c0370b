"""Series of sessions: schedules (weekly, fortnightly, chosen dates) and school holidays."""
