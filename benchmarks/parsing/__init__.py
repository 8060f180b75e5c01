"""Parsing benchmark: LiveCareer throughput, DataTurks field accuracy, CSV mojibake (see __main__)."""
