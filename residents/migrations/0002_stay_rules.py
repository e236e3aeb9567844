from django.db import migrations

# Rules the database enforces itself, whatever writes to it (forms, services, raw SQL):
# - one person never has two overlapping stays: exclusion constraint on daterange(intake, discharge, '[)')
#   (an open stay has discharge NULL = unbounded); needs btree_gist, a trusted extension the owner may create;
# - no room holds more persons (adult + her children) than beds on any night: a trigger run after every
#   change of a stay or of a child's link to a stay. It first locks the room row (FOR UPDATE), so two
#   transactions booking the last bed are serialised: the second one waits, then counts the first one's stay.
#   Occupancy only rises at some stay's intake, so checking the new stay's intake and every other intake
#   inside its range covers every night, open stays included.
FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE residents_stay ADD CONSTRAINT residents_stay_no_overlap
    EXCLUDE USING gist (resident_id WITH =, daterange(intake, discharge, '[)') WITH &&);

CREATE FUNCTION residents_check_room_capacity(p_room_id bigint, p_from date, p_to date)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    v_beds integer;
    v_day date;
    v_persons integer;
BEGIN
    SELECT beds INTO v_beds FROM residents_room WHERE id = p_room_id FOR UPDATE;
    FOR v_day IN
        SELECT p_from
        UNION
        SELECT s.intake FROM residents_stay s
         WHERE s.room_id = p_room_id AND s.intake > p_from AND (p_to IS NULL OR s.intake < p_to)
    LOOP
        SELECT COALESCE(SUM(1 + (SELECT count(*) FROM residents_childstay cs WHERE cs.stay_id = s.id)), 0)
          INTO v_persons
          FROM residents_stay s
         WHERE s.room_id = p_room_id AND s.intake <= v_day AND (s.discharge IS NULL OR s.discharge > v_day);
        IF v_persons > v_beds THEN
            RAISE EXCEPTION 'room % over capacity on %: % persons for % beds', p_room_id, v_day, v_persons, v_beds
                USING ERRCODE = 'check_violation', CONSTRAINT = 'residents_room_capacity';
        END IF;
    END LOOP;
END
$$;

CREATE FUNCTION residents_stay_capacity_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM residents_check_room_capacity(NEW.room_id, NEW.intake, NEW.discharge);
    RETURN NULL;
END
$$;

CREATE TRIGGER residents_stay_capacity AFTER INSERT OR UPDATE OF room_id, intake, discharge ON residents_stay
    FOR EACH ROW EXECUTE FUNCTION residents_stay_capacity_trigger();

CREATE FUNCTION residents_childstay_capacity_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_stay residents_stay%ROWTYPE;
BEGIN
    SELECT * INTO v_stay FROM residents_stay WHERE id = NEW.stay_id;
    PERFORM residents_check_room_capacity(v_stay.room_id, v_stay.intake, v_stay.discharge);
    RETURN NULL;
END
$$;

CREATE TRIGGER residents_childstay_capacity AFTER INSERT OR UPDATE ON residents_childstay
    FOR EACH ROW EXECUTE FUNCTION residents_childstay_capacity_trigger();
"""

BACKWARD = """
DROP TRIGGER residents_childstay_capacity ON residents_childstay;
DROP FUNCTION residents_childstay_capacity_trigger();
DROP TRIGGER residents_stay_capacity ON residents_stay;
DROP FUNCTION residents_stay_capacity_trigger();
DROP FUNCTION residents_check_room_capacity(bigint, date, date);
ALTER TABLE residents_stay DROP CONSTRAINT residents_stay_no_overlap;
"""


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
