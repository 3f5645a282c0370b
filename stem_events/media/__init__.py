"""Image storage: uploads checked, resized and stored under random names, and served."""
